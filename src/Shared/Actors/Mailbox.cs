using System.Threading.Channels;

namespace Aggregator.Shared.Actors;

/// <summary>
/// One actor's two queues and its scheduling on the thread pool (Akka's <c>Mailbox</c> with the default
/// dispatcher). The system queue is unbounded and drained first and after every user message; the user
/// queue is a bounded channel. A run handles at most <c>throughput</c> user messages, then yields the
/// thread so that a busy actor cannot starve others; it is rescheduled if work remains.
/// </summary>
/// <remarks>
/// At most one run is queued or executing at a time (a CAS on <see cref="_status"/>), which gives the
/// one-message-at-a-time guarantee and publishes the actor's writes to its next run. The mailbox is
/// its own thread-pool work item, so posting and running allocate nothing per message.
/// </remarks>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    private readonly ActorCell _cell;
    private readonly Channel<Envelope> _user;
    private readonly Channel<SystemMessage> _system;
    private readonly ChannelWriter<Envelope> _userWriter;
    private readonly ChannelReader<Envelope> _userReader;
    private readonly ChannelReader<SystemMessage> _systemReader;
    private readonly int _throughput;
    private volatile bool _closed;
    private int _status;

    public Mailbox(ActorCell cell, MailboxOptions options, int throughput)
    {
        _cell = cell;
        _throughput = throughput;
        var userOptions = new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
            FullMode = options.Overflow == MailboxOverflow.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
        };
        _user = options.Overflow == MailboxOverflow.DropOldest
            ? Channel.CreateBounded<Envelope>(userOptions, Drop)
            : Channel.CreateBounded<Envelope>(userOptions);
        _system = Channel.CreateUnbounded<SystemMessage>(new UnboundedChannelOptions { SingleReader = true });
        _userWriter = _user.Writer;
        _userReader = _user.Reader;
        _systemReader = _system.Reader;
    }

    /// <summary>Enqueues a user message; a full or closed queue sends it to dead letters.</summary>
    public void Post(Envelope envelope)
    {
        if (!_userWriter.TryWrite(envelope))
        {
            // Note: with FullMode.Wait, TryWrite fails on a full queue instead of blocking the sender.
            Drop(envelope);
            return;
        }
        Schedule();
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
        _closed = true;
        _user.Writer.TryComplete();
        _system.Writer.TryComplete();
        while (_user.Reader.TryRead(out var envelope))
        {
            Drop(envelope);
        }
        while (_system.Reader.TryRead(out var message))
        {
            _cell.HandleAfterTermination(message);
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
            if (!_userReader.TryRead(out var envelope))
            {
                return;
            }
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
        => !_closed && (_systemReader.TryPeek(out _) || (_cell.CanProcessUserMessages && _userReader.TryPeek(out _)));

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
