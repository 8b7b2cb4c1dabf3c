using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Aggregator.Shared.Actors;

/// <summary>
/// One actor's two queues and its scheduling on the thread pool (Akka's <c>Mailbox</c> with the default
/// dispatcher). The system queue is unbounded and drained first and after every user message; the user
/// queue is bounded. A run handles at most <c>throughput</c> user messages, then yields the
/// thread so that a busy actor cannot starve others; it is rescheduled if work remains.
/// </summary>
/// <remarks>
/// At most one run is queued or executing at a time (a CAS on <see cref="_status"/>), which gives the
/// one-message-at-a-time guarantee and publishes the actor's writes to its next run. The mailbox is
/// its own thread-pool work item, so posting and running allocate nothing per message.
/// The user queue is a lock-free <see cref="ConcurrentQueue{T}"/> bounded by an atomic count (a bounded
/// channel takes a lock on every write and every read, which senders and the receiver then contend for).
/// </remarks>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    private readonly ActorCell _cell;
    private readonly ConcurrentQueue<Envelope> _user = new();
    private readonly Channel<SystemMessage> _system;
    private readonly ChannelReader<SystemMessage> _systemReader;
    private readonly int _capacity;
    private readonly bool _dropOldest;
    private readonly int _throughput;
    private int _userCount;
    private int _closed;
    private int _status;

    public Mailbox(ActorCell cell, MailboxOptions options, int throughput)
    {
        _cell = cell;
        _throughput = throughput;
        _capacity = options.Capacity;
        _dropOldest = options.Overflow == MailboxOverflow.DropOldest;
        _system = Channel.CreateUnbounded<SystemMessage>(new UnboundedChannelOptions { SingleReader = true });
        _systemReader = _system.Reader;
    }

    private bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Enqueues a user message; a full or closed queue sends it to dead letters.</summary>
    public void Post(Envelope envelope)
    {
        if (IsClosed)
        {
            Drop(envelope);
            return;
        }
        if (Interlocked.Increment(ref _userCount) > _capacity && !MakeRoom())
        {
            Drop(envelope);
            return;
        }
        _user.Enqueue(envelope);
        // Note: Enqueue is a full fence, so this read cannot move before it; a Close that ran in between
        // has drained the queue already, and this message would stay in it forever: drain again.
        if (IsClosed)
        {
            DrainUser();
            return;
        }
        Schedule();
    }

    /// <summary>
    /// The queue is full (this post already counted): DropNewest refuses the new message, DropOldest
    /// dead-letters the oldest one instead.
    /// </summary>
    private bool MakeRoom()
    {
        if (!_dropOldest)
        {
            Interlocked.Decrement(ref _userCount);
            return false;
        }
        if (_user.TryDequeue(out var oldest))
        {
            Interlocked.Decrement(ref _userCount);
            Drop(oldest);
        }
        return true;
    }

    /// <summary>Enqueues a system message; after the actor has stopped the cell answers it directly.</summary>
    public void PostSystem(SystemMessage message)
    {
        if (!_system.Writer.TryWrite(message))
        {
            _cell.HandleAfterTermination(message);
            return;
        }
        Schedule();
    }

    /// <summary>
    /// Closes both queues (on the actor's own run, once it has stopped): queued and later user messages
    /// become dead letters, queued and later system messages are answered by the terminated cell.
    /// </summary>
    public void Close()
    {
        // Note: Exchange is a full fence: a poster either sees the flag or its message is seen by the drain.
        Interlocked.Exchange(ref _closed, 1);
        _system.Writer.TryComplete();
        DrainUser();
        while (_system.Reader.TryRead(out var message))
        {
            _cell.HandleAfterTermination(message);
        }
    }

    private void DrainUser()
    {
        while (_user.TryDequeue(out var envelope))
        {
            Interlocked.Decrement(ref _userCount);
            Drop(envelope);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        try
        {
            Run();
        }
        finally
        {
            // Note: Exchange is a full fence, so the emptiness check below cannot be reordered before it;
            // a producer that saw Scheduled enqueued before we read, and we reschedule for it.
            Interlocked.Exchange(ref _status, Idle);
            if (HasWork())
            {
                // Note: a mailbox with work left goes to the back of the global queue (FIFO), behind
                // every other actor that is waiting, so a busy actor cannot starve them.
                Schedule(preferLocal: false);
            }
        }
    }

    private void Run()
    {
        ProcessSystemMessages();
        for (int i = 0; i < _throughput && _cell.CanProcessUserMessages; i++)
        {
            if (!_user.TryDequeue(out var envelope))
            {
                return;
            }
            Interlocked.Decrement(ref _userCount);
            _cell.Invoke(envelope);
            ProcessSystemMessages();
        }
    }

    private void ProcessSystemMessages()
    {
        while (_systemReader.TryRead(out var message))
        {
            _cell.SystemInvoke(message);
        }
    }

    private bool HasWork()
        => !IsClosed && (_systemReader.TryPeek(out _) || (_cell.CanProcessUserMessages && !_user.IsEmpty));

    /// <summary>
    /// Queues a run unless one is queued or running. A message told from inside an actor queues the
    /// receiver on the sending thread's local queue, so a conversation between actors tends to stay on
    /// one thread without waking another (other threads still steal from that queue when idle).
    /// </summary>
    private void Schedule(bool preferLocal = true)
    {
        if (Volatile.Read(ref _status) == Idle && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal);
        }
    }

    private void Drop(Envelope envelope)
        => _cell.System.PublishDeadLetter(envelope.Message, envelope.Sender, _cell.Self);
}
