using Akka;
using Akka.Actor;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.RemoteWrite;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Forwards to a parent ring, any member of which takes any batch (the ring routes by site itself).
/// Every batch is first appended to one durable on-disk queue (fsync per batch), then sent oldest
/// first, one at a time, to one member; a network error or a 5xx fails over to the next member, with
/// the ring's members asked afresh (a DNS ring is resolved again), and once every member failed in a
/// row the forwarder waits a backoff. So a restart or an outage of the parent loses nothing within the
/// queue's byte bound. A batch the ring keeps refusing (4xx, or 5xx far more often) is moved to a
/// parked queue beside the main one (counted, logged, kept for inspection) so it cannot block the
/// batches behind it. A disk that refuses a write (full) is never a crash: the batch is held in memory,
/// in order, up to <see cref="ForwarderSettings.MaxHeldBytes"/> (beyond it the oldest are dropped and
/// counted), written out again after a backoff, and <see cref="ForwarderSettings.Health"/> tells the
/// receivers to answer 503 until everything held is on disk. <see cref="Drain"/> answers once everything
/// sent before it is on disk (shutdown).
/// </summary>
internal sealed partial class Forwarder : ReceiveActor, IWithTimers
{
    /// <summary>
    /// Series per remote-write request at most: a large rule group goes out as several bounded batches
    /// (as Prometheus bounds a request by max_samples_per_send), so no request nears a receiver's size limit.
    /// </summary>
    public const int MaxSeriesPerBatch = 2000;

    private static readonly object RetryKey = "retry";
    private static readonly object FlushKey = "flush";
    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromMinutes(1);

    private readonly ForwarderSettings _settings;
    private readonly TierMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<Uri, RemoteWriteClient> _clients = [];
    private readonly Queue<byte[]> _held = new();
    private long _heldBytes;
    private TimeSpan _flushBackoff;
    private IDurableQueue? _queue;
    private IDurableQueue? _parked;
    private int _headRefusals;
    private int _headServerErrors;
    private long _refusedSinceLog;
    private DateTimeOffset _lastRefusalLog = DateTimeOffset.MinValue;
    private RemoteWriteEncoder? _encoder;
    private HttpClient? _http;
    private IReadOnlyList<ParentMember> _members = [];
    private int _current;
    private int _failedInRow;
    private bool _sending;
    private bool _resolving;
    private long _overflowReported;
    private long _corruptReported;
    private TimeSpan _backoff;

    /// <summary>Use <see cref="Props"/>; public only because Akka creates actors through a public constructor.</summary>
    public Forwarder(ForwarderSettings settings, TierMetrics metrics, ILogger logger, TimeProvider time)
    {
        _settings = settings;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _backoff = settings.MinBackoff;
        _flushBackoff = settings.MinBackoff;
        Receive<ForwardSamples>(Enqueue);
        Receive<Flush>(_ => FlushHeld());
        Receive<OpenQueues>(_ => TryOpenQueues());
        // Note: the answer to a send of an earlier incarnation (before a restart) must not ack this one's queue head.
        Receive<Sent>(sent => ReferenceEquals(sent.Queue, _queue), OnSent);
        Receive<Sent>(_ => { });
        Receive<Resolved>(OnResolved);
        Receive<Retry>(_ => SendNext());
        // Note: the mailbox is FIFO, so every batch told before the drain is queued (on disk) by now, or held
        // in memory because the disk refuses it: one more try to write those.
        Receive<Drain>(_ =>
        {
            WriteHeld();
            Sender.Tell(Done.Instance, Self);
        });
    }

    /// <summary>Asks for <see cref="Done"/> once every batch sent before is in the durable queue.</summary>
    public sealed class Drain
    {
        public static readonly Drain Instance = new();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The ring this forwarder sends to (the label of its queue metrics).</summary>
    private string Ring => _settings.Parent.RingName;

    public static Props Props(ForwarderSettings settings, TierMetrics metrics, ILogger logger, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new Forwarder(settings, metrics, logger, time));

    protected override void PreStart()
    {
        // Note: built here, not in Props, so that a restart opens the queue and the connections afresh.
        _encoder = new RemoteWriteEncoder();
        _http = new HttpClient(RemoteWriteClient.CreateHandler(_settings.Tls)) { Timeout = Timeout.InfiniteTimeSpan };
        // Note: a queue that cannot be opened is retried with backoff (Forwarder.Open.cs), never a stopped actor.
        TryOpenQueues();
    }

    protected override void PostStop()
    {
        if (_held.Count > 0)
        {
            // Note: the disk never took these; they are lost with the process (or the restart), and counted.
            _metrics.ForwardRefused.WithLabels(Ring, "stopped").Inc(_held.Count);
            LogHeldLost(Ring, _held.Count);
            _held.Clear();
            _heldBytes = 0;
            _metrics.ForwardHeldBatches.WithLabels(Ring).Set(0);
        }
        _stopping.Cancel();
        _openHold?.Dispose();
        _queue?.Dispose();
        _parked?.Dispose();
        _encoder?.Dispose();
        _http?.Dispose();
        _stopping.Dispose();
    }

    private void Enqueue(ForwardSamples batch)
    {
        // Note: the disk may take writes again; what it refused before goes first, to keep the order.
        bool heldWritten = _held.Count > 0 && WriteHeld();
        for (int start = 0; start < batch.Series.Count; start += MaxSeriesPerBatch)
        {
            int count = Math.Min(MaxSeriesPerBatch, batch.Series.Count - start);
            var chunk = new List<WriteSeries>(count);
            for (int i = start; i < start + count; i++)
            {
                var series = batch.Series[i];
                chunk.Add(_settings.Site is { } site ? series with { Labels = series.Labels.With(_settings.SiteLabel, site) } : series);
            }
            var body = _encoder!.Encode(chunk).Compressed;
            // Note: behind batches already held, a batch waits its turn, so the queue keeps their order.
            if (_held.Count > 0 || !TryAppend(body))
            {
                Hold(body);
            }
            else
            {
                _settings.Health.Recovered();
            }
        }
        if (heldWritten && _held.Count == 0)
        {
            _flushBackoff = _settings.MinBackoff;
        }
        UpdateQueueGauges();
        SendNext();
    }

    /// <summary>Appends one batch to the durable queue; false (counted, logged at most once a minute) when the disk refuses it.</summary>
    private bool TryAppend(ReadOnlySpan<byte> body)
    {
        if (_queue is null)
        {
            // Note: the queue is not open yet; the batch is held until it is (Forwarder.Open.cs).
            return false;
        }
        try
        {
            _queue!.Append(body);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _metrics.ForwardDiskWriteFailures.WithLabels(Ring).Inc();
            _settings.Health.Failed(e.Message);
            _refusedSinceLog++;
            var now = _time.GetUtcNow();
            if (now - _lastRefusalLog >= RefusalLogInterval)
            {
                LogQueueFailed(Ring, _refusedSinceLog, e.Message);
                _lastRefusalLog = now;
                _refusedSinceLog = 0;
            }
            return false;
        }
    }

    /// <summary>Keeps a batch the disk refused, dropping (and counting) the oldest held beyond the bound; arms the flush.</summary>
    private void Hold(byte[] body)
    {
        _held.Enqueue(body);
        _heldBytes += body.Length;
        while (_heldBytes > _settings.MaxHeldBytes && _held.Count > 0)
        {
            _heldBytes -= _held.Dequeue().Length;
            _metrics.ForwardRefused.WithLabels(Ring, "memory_bound").Inc();
        }
        _metrics.ForwardHeldBatches.WithLabels(Ring).Set(_held.Count);
        if (_queue is not null && !Timers.IsTimerActive(FlushKey))
        {
            Timers.StartSingleTimer(FlushKey, Flush.Instance, _flushBackoff);
        }
    }

    /// <summary>The flush timer: writes what is held, then sends.</summary>
    private void FlushHeld()
    {
        if (WriteHeld())
        {
            _flushBackoff = _settings.MinBackoff;
        }
        UpdateQueueGauges();
        SendNext();
    }

    /// <summary>
    /// Writes the held batches to the queue, oldest first; true when all are on disk (the receivers may
    /// take data again), false when the disk refused one (the flush is tried again after a longer wait).
    /// </summary>
    private bool WriteHeld()
    {
        if (_queue is null)
        {
            return _held.Count == 0;
        }
        while (_held.Count > 0)
        {
            if (!TryAppend(_held.Peek()))
            {
                _metrics.ForwardHeldBatches.WithLabels(Ring).Set(_held.Count);
                _flushBackoff = TimeSpan.FromTicks(Math.Min(_settings.MaxBackoff.Ticks, _flushBackoff.Ticks * 2));
                Timers.StartSingleTimer(FlushKey, Flush.Instance, _flushBackoff);
                return false;
            }
            _heldBytes -= _held.Dequeue().Length;
        }
        Timers.Cancel(FlushKey);
        _settings.Health.Recovered();
        _metrics.ForwardHeldBatches.WithLabels(Ring).Set(0);
        return true;
    }

    private void SendNext()
    {
        if (_sending || _resolving || _queue is null || !_queue.TryPeek(out var body))
        {
            return;
        }
        if (_members.Count == 0)
        {
            Resolve(after: null);
            return;
        }
        var member = _members[_current % _members.Count];
        var queue = _queue;
        _sending = true;
        ClientFor(member).SendAsync(body, _stopping.Token).PipeTo(Self, Self,
            success: result => new Sent(queue, member, result),
            failure: error => new Sent(queue, member, new RemoteWriteResult(RemoteWriteOutcome.GaveUp, 1, null, error.Message)));
    }

    private void OnSent(Sent sent)
    {
        _sending = false;
        var result = sent.Result;
        if (result.Outcome == RemoteWriteOutcome.Sent)
        {
            _failedInRow = 0;
            _backoff = _settings.MinBackoff;
            AckHead();
            SendNext();
            return;
        }
        if (result.Outcome == RemoteWriteOutcome.Dropped)
        {
            _metrics.ForwardDropped.WithLabels(sent.Member.Id).Inc();
            _headRefusals++;
        }
        else
        {
            _metrics.ForwardRetries.WithLabels(sent.Member.Id).Inc();
            if (result.StatusCode is >= 500)
            {
                _headServerErrors++;
            }
        }
        if (_headRefusals >= _settings.MaxRefusals || _headServerErrors >= _settings.MaxServerErrors)
        {
            ParkHead(result.Error ?? "refused");
            SendNext();
            return;
        }
        _failedInRow++;
        LogFailedOver(Ring, sent.Member.Id, result.Error ?? "no answer");
        Resolve(after: sent.Member);
    }

    private void AckHead()
    {
        _queue!.Ack();
        _headRefusals = 0;
        _headServerErrors = 0;
        UpdateQueueGauges();
    }

    private void ParkHead(string reason)
    {
        if (_queue!.TryPeek(out var body))
        {
            try
            {
                _parked!.Append(body);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Note: unparkable (full disk): the batch stays at the head and is tried again after a backoff.
                _metrics.ForwardDiskWriteFailures.WithLabels(Ring).Inc();
                LogQueueFailed(Ring, 1, e.Message);
                Timers.StartSingleTimer(RetryKey, Retry.Instance, _settings.MaxBackoff);
                return;
            }
            _metrics.ForwardParked.WithLabels(Ring).Inc();
            LogParked(Ring, _headRefusals, _headServerErrors, reason, _settings.ParkedQueue.Directory);
        }
        AckHead();
    }

    private void Resolve(ParentMember? after)
    {
        _resolving = true;
        _settings.Parent.ResolveAsync(_stopping.Token).PipeTo(Self, Self,
            success: members => new Resolved(members, after, null),
            failure: error => new Resolved([], after, error.Message));
    }

    private void OnResolved(Resolved resolved)
    {
        _resolving = false;
        if (resolved.Error is { } error)
        {
            LogResolveFailed(Ring, error);
        }
        _members = resolved.Members;
        int index = resolved.After is { } after ? IndexOf(_members, after.Id) : -1;
        // Note: the member after the one that failed (the first when it is gone from the ring now).
        _current = index < 0 ? 0 : index + 1;
        if (_members.Count == 0 || (resolved.After is not null && _failedInRow >= _members.Count))
        {
            _failedInRow = 0;
            Timers.StartSingleTimer(RetryKey, Retry.Instance, _backoff);
            _backoff = TimeSpan.FromTicks(Math.Min(_settings.MaxBackoff.Ticks, _backoff.Ticks * 2));
            return;
        }
        SendNext();
    }

    private static int IndexOf(IReadOnlyList<ParentMember> members, string id)
    {
        for (int i = 0; i < members.Count; i++)
        {
            if (members[i].Id == id)
            {
                return i;
            }
        }
        return -1;
    }

    private RemoteWriteClient ClientFor(ParentMember member)
    {
        var url = new Uri(member.Url, "api/v1/write");
        if (!_clients.TryGetValue(url, out var client))
        {
            var options = new RemoteWriteClientOptions
            {
                Url = url,
                MaxAttempts = 1,
                AttemptTimeout = _settings.AttemptTimeout,
                Auth = _settings.Auth,
                Tls = _settings.Tls,
            };
            _clients[url] = client = new RemoteWriteClient(_http!, options, _time, logger: _logger);
        }
        return client;
    }

    private void UpdateQueueGauges()
    {
        if (_queue is null || _parked is null)
        {
            return;
        }
        _metrics.ForwardParkedBatches.WithLabels(Ring).Set(_parked!.PendingCount);
        _metrics.ForwardQueueBytes.WithLabels(Ring).Set(_queue!.DiskBytes);
        _metrics.ForwardQueueBatches.WithLabels(Ring).Set(_queue.PendingCount);
        _metrics.ForwardQueueMaxBytes.WithLabels(Ring).Set(_settings.Queue.MaxBytes);
        long dropped = _queue.DroppedBatches;
        if (dropped > _overflowReported)
        {
            _metrics.ForwardQueueOverflow.WithLabels(Ring).Inc(dropped - _overflowReported);
            _overflowReported = dropped;
        }
        long corrupt = _queue.CorruptBatches;
        if (corrupt > _corruptReported)
        {
            _metrics.ForwardQueueCorrupt.WithLabels(Ring).Inc(corrupt - _corruptReported);
            LogCorrupt(Ring, corrupt - _corruptReported, _settings.Queue.Directory);
            _corruptReported = corrupt;
        }
        _settings.Status?.Update(Ring, _queue.PendingCount, _queue.DiskBytes, dropped);
    }

    [LoggerMessage(EventId = EventIds.ForwardFailedOver, Level = LogLevel.Warning,
        Message = "Forwarding to ring {Ring}: member {Member} failed ({Error}); trying the next member")]
    private partial void LogFailedOver(string ring, string member, string error);

    [LoggerMessage(EventId = EventIds.ForwardResolveFailed, Level = LogLevel.Warning,
        Message = "Forwarding to ring {Ring}: its members could not be resolved: {Error}")]
    private partial void LogResolveFailed(string ring, string error);

    [LoggerMessage(EventId = EventIds.ForwardQueueFailed, Level = LogLevel.Error,
        Message = "Forwarding to ring {Ring}: {Count} write(s) refused by the disk since the last report ({Error}); batches are held in memory and receivers answer 503 until the disk takes them")]
    private partial void LogQueueFailed(string ring, long count, string error);

    [LoggerMessage(EventId = EventIds.ForwardHeldLost, Level = LogLevel.Error,
        Message = "Forwarding to ring {Ring}: {Count} batch(es) held in memory while the disk refused writes are lost at stop")]
    private partial void LogHeldLost(string ring, int count);

    [LoggerMessage(EventId = EventIds.ForwardParked, Level = LogLevel.Error,
        Message = "Forwarding to ring {Ring}: a batch refused {Refusals} time(s) and failed with 5xx {ServerErrors} time(s) was parked in {Directory}: {Reason}")]
    private partial void LogParked(string ring, int refusals, int serverErrors, string reason, string directory);

    [LoggerMessage(EventId = EventIds.ForwardQueueCorrupt, Level = LogLevel.Error,
        Message = "Forwarding to ring {Ring}: {Count} batch(es) lost to torn or damaged records in {Directory}; skipped, the rest goes on")]
    private partial void LogCorrupt(string ring, long count, string directory);

    private sealed record Sent(IDurableQueue Queue, ParentMember Member, RemoteWriteResult Result);

    private sealed record Resolved(IReadOnlyList<ParentMember> Members, ParentMember? After, string? Error);

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }
}
