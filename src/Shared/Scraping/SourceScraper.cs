using Aggregator.Shared.Actors;
using Aggregator.Shared.Hashing;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// The actor of one source: polls it every interval on the system's <see cref="TimeProvider"/>, starting at
/// a per-source offset within the interval (Prometheus spreads targets the same way: a stable hash of the
/// target picks the offset, so polls of many sources do not fire in step), and each poll after a random delay
/// below the source's <see cref="ScrapeSourceOptions.Jitter"/>. A poll runs as a task whose
/// result comes back as a message; a tick that finds the previous poll still running is deferred until
/// it ends, so polls never overlap (a replica failover may take up to two timeouts). Answers <see cref="GetSourceStatus"/> with a <see cref="SourceStatus"/>
/// and hands the same status to an optional observer after every poll (the node's status board). A poll
/// that crashes (a bug or a failing sink, never a failed scrape) fails the actor; its supervisor restarts it.
/// </summary>
public sealed partial class SourceScraper : ActorBase
{
    private static readonly object TickKey = "poll";
    private static readonly object JitterKey = "jitter";

    private readonly SourcePoller _poller;
    private readonly ILogger _logger;
    private readonly Action<SourceStatus>? _onPolled;
    private readonly CancellationTokenSource _stopping = new();
    private bool _polling;
    private bool _tickDeferred;

    private SourceScraper(SourcePoller poller, ILogger logger, Action<SourceStatus>? onPolled)
    {
        _poller = poller;
        _logger = logger;
        _onPolled = onPolled;
    }

    /// <summary>
    /// Props of a scraper. Each (re)start builds a fresh poller (new connections, new staleness state);
    /// <paramref name="time"/> should be the actor system's clock; <paramref name="onPolled"/> receives the
    /// source's status after every poll, on the actor's thread.
    /// </summary>
    public static Props Props(ScrapeSourceOptions options, IScrapeSink sink, ILogger logger, TimeProvider time,
        Func<IScrapeDecoder>? decoder = null, Action<SourceStatus>? onPolled = null) =>
        Actors.Props.Create(() => new SourceScraper(
            new SourcePoller(options, (decoder ?? DefaultDecoder)(), sink, time, logger), logger, onPolled));

    private static IScrapeDecoder DefaultDecoder() => new ExpositionScrapeDecoder();

    /// <summary>The offset of the first poll within the interval, stable for a source name.</summary>
    public static TimeSpan FirstPollOffset(ScrapeSourceOptions options)
    {
        ulong hash = XxHash64.Hash(System.Text.Encoding.UTF8.GetBytes(options.Name));
        return TimeSpan.FromTicks((long)(hash % (ulong)Math.Max(1, options.Interval.Ticks)));
    }

    protected override void PreStart() =>
        Context.Timers.StartPeriodicTimer(TickKey, PollTick.Instance, _poller.Options.Interval, FirstPollOffset(_poller.Options));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PollTick when _poller.Options.Jitter > TimeSpan.Zero:
                // Note: the poll waits a fresh random delay below the jitter; jitter < interval, so the next
                // tick always finds this delay over.
                Context.Timers.StartSingleTimer(JitterKey, JitteredPoll.Instance,
                    TimeSpan.FromTicks(Random.Shared.NextInt64(_poller.Options.Jitter.Ticks)));
                break;
            case PollTick or JitteredPoll:
                if (_polling)
                {
                    _tickDeferred = true;
                    LogDeferred(_poller.Options.Name);
                    return;
                }
                StartPoll();
                break;
            case PollCompleted:
                _polling = false;
                _onPolled?.Invoke(_poller.Status);
                if (_tickDeferred)
                {
                    _tickDeferred = false;
                    StartPoll();
                }
                break;
            case PollCrashed crashed:
                _polling = false;
                if (!_stopping.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"poll of source '{_poller.Options.Name}' crashed", crashed.Error);
                }
                break;
            case GetSourceStatus:
                Sender.Tell(_poller.Status, Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void StartPoll()
    {
        _polling = true;
        _ = _poller.PollOnceAsync(_stopping.Token).PipeTo(Self,
            success: report => new PollCompleted(report),
            failure: error => new PollCrashed(error));
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        // Note: a poll still in flight ends on the cancelled token; its client is released with the poller.
        _poller.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = ScrapeEventIds.PollDeferred, Level = LogLevel.Debug,
        Message = "Source {Source}: a poll was still running at the next interval; the next poll starts when it ends")]
    private partial void LogDeferred(string source);

    private sealed class PollTick
    {
        public static readonly PollTick Instance = new();
    }

    private sealed class JitteredPoll
    {
        public static readonly JitteredPoll Instance = new();
    }

    private sealed record PollCompleted(PollReport Report);

    private sealed record PollCrashed(Exception Error);
}
