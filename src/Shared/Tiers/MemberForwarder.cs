using Aggregator.Shared.Actors;
using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.StatusPage;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Delivers batches to one upstream member. Every batch is first appended to a durable on-disk
/// queue (fsync per batch), then sent oldest first, one at a time, so a restart or an outage of the
/// parent loses nothing within the queue's byte bound. 4xx answers drop the batch (counted);
/// network errors and 5xx keep it at the head and retry after a backoff.
/// </summary>
internal sealed class MemberForwarder : ActorBase
{
    private static readonly object RetryKey = "retry";

    private readonly string _member;
    private readonly RemoteWriteClient _client;
    private readonly DiskQueueOptions _queueOptions;
    private readonly TierMetrics _metrics;
    private readonly ForwardQueueBoard? _status;
    private readonly RemoteWriteEncoder _encoder = new();
    private DurableQueue? _queue;
    private bool _sending;
    private long _overflowReported;
    private TimeSpan _backoff = MinBackoff;

    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private MemberForwarder(string member, RemoteWriteClient client, DiskQueueOptions queueOptions, TierMetrics metrics, ForwardQueueBoard? status)
    {
        _status = status;
        _member = member;
        _client = client;
        _queueOptions = queueOptions;
        _metrics = metrics;
    }

    public static Props Props(string member, RemoteWriteClient client, DiskQueueOptions queueOptions, TierMetrics metrics, ForwardQueueBoard? status = null) =>
        Actors.Props.Create(() => new MemberForwarder(member, client, queueOptions, metrics, status));

    protected override void PreStart()
    {
        _queue = DurableQueue.Open(_queueOptions);
        // Note: batches left from a previous run go out first.
        SendNext();
    }

    protected override void PostStop()
    {
        _queue?.Dispose();
        _encoder.Dispose();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ForwardSamples batch:
                var body = _encoder.Encode(batch.Series);
                _queue!.Append(body.Compressed);
                UpdateQueueGauge();
                SendNext();
                break;
            case Sent sent:
                OnSent(sent.Result);
                break;
            case Retry:
                SendNext();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void SendNext()
    {
        if (_sending || _queue is null || !_queue.TryPeek(out var body))
        {
            return;
        }
        _sending = true;
        _ = _client.SendAsync(body).PipeTo(Self, success: r => new Sent(r), failure: e => new Sent(new RemoteWriteResult(RemoteWriteOutcome.GaveUp, 1, null, e.Message)));
    }

    private void OnSent(RemoteWriteResult result)
    {
        _sending = false;
        if (result.Outcome == RemoteWriteOutcome.GaveUp)
        {
            _metrics.ForwardRetries.WithLabels(_member).Inc();
            Context.Timers.StartSingleTimer(RetryKey, Retry.Instance, _backoff);
            _backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, _backoff.Ticks * 2));
            return;
        }
        if (result.Outcome == RemoteWriteOutcome.Dropped)
        {
            _metrics.ForwardDropped.WithLabels(_member).Inc();
        }
        _backoff = MinBackoff;
        _queue!.Ack();
        UpdateQueueGauge();
        SendNext();
    }

    private void UpdateQueueGauge()
    {
        if (_queue is null)
        {
            return;
        }
        _metrics.ForwardQueueBytes.WithLabels(_member).Set(_queue.DiskBytes);
        _metrics.ForwardQueueBatches.WithLabels(_member).Set(_queue.PendingCount);
        long dropped = _queue.DroppedBatches;
        if (dropped > _overflowReported)
        {
            _metrics.ForwardQueueOverflow.WithLabels(_member).Inc(dropped - _overflowReported);
            _overflowReported = dropped;
        }
        _status?.Update(_member, _queue.PendingCount, _queue.DiskBytes, dropped);
    }

    private sealed record Sent(RemoteWriteResult Result);

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
    }
}
