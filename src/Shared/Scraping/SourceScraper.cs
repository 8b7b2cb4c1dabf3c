using Akka.Actor;
using Aggregator.Shared.Hashing;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// The actor of one source: polls it every interval (Akka timers), starting at a per-source offset within
/// the interval (Prometheus spreads targets the same way: a stable hash of the target picks the offset, so
/// polls of many sources do not fire in step), and each poll after a random delay below the source's
/// <see cref="ScrapeSourceOptions.Jitter"/>. A poll runs as a task whose result comes back as a message; a
/// tick that finds the previous poll still running is deferred until it ends, so polls never overlap (a
/// replica failover may take up to two timeouts). Answers <see cref="GetSourceStatus"/> with a
/// <see cref="SourceStatus"/> and hands the same status to an optional observer after every poll (the node's
/// status board). A poll that crashes (a bug or a failing sink, never a failed scrape) fails the actor; its
/// backoff supervisor (<see cref="SiteSupervisor"/>) starts it again.
/// </summary>
public sealed partial class SourceScraper : ReceiveActor, IWithTimers
{
    private static readonly object TickKey = "poll";
    private static readonly object JitterKey = "jitter";

    private readonly ScrapeSourceOptions _options;
    private readonly IScrapeSink _sink;
    private readonly Func<IScrapeDecoder> _decoder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<SourceStatus>? _onPolled;
    private readonly Random _random;
    private readonly CancellationTokenSource _stopping = new();
    private SourcePoller? _poller;
    private bool _polling;
    private bool _tickDeferred;

    /// <summary>Use <see cref="Props"/>; public only because Akka creates actors through a public constructor.</summary>
    public SourceScraper(ScrapeSourceOptions options, IScrapeSink sink, Func<IScrapeDecoder> decoder, TimeProvider time, ILogger logger,
        Action<SourceStatus>? onPolled, Random random)
    {
        _options = options;
        _sink = sink;
        _decoder = decoder;
        _time = time;
        _logger = logger;
        _onPolled = onPolled;
        _random = random;
        Receive<PollTick>(_ => OnTick());
        Receive<JitteredPoll>(_ => Poll());
        Receive<PollCompleted>(completed => ReferenceEquals(completed.Poller, _poller), OnPollCompleted);
        Receive<PollCrashed>(crashed => ReferenceEquals(crashed.Poller, _poller), OnPollCrashed);
        // Note: a result of the poller of an instance that has since been restarted is of no interest.
        Receive<PollCompleted>(_ => { });
        Receive<PollCrashed>(_ => { });
        Receive<GetSourceStatus>(_ => Sender.Tell(_poller!.Status, Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Props of a scraper. Each (re)start builds a fresh poller (new connections, new staleness state) inside
    /// the actor; <paramref name="time"/> stamps samples and times polls out; <paramref name="onPolled"/>
    /// receives the source's status after every poll, on the actor's thread; <paramref name="random"/> draws
    /// the jitter delays (seeded in tests).
    /// </summary>
    public static Props Props(ScrapeSourceOptions options, IScrapeSink sink, ILogger logger, TimeProvider time,
        Func<IScrapeDecoder>? decoder = null, Action<SourceStatus>? onPolled = null, Random? random = null) =>
        Akka.Actor.Props.Create(() => new SourceScraper(options, sink, decoder ?? DefaultDecoder, time, logger, onPolled, random ?? Random.Shared));

    private static IScrapeDecoder DefaultDecoder() => new ExpositionScrapeDecoder();

    /// <summary>The offset of the first poll within the interval, stable for a source name.</summary>
    public static TimeSpan FirstPollOffset(ScrapeSourceOptions options)
    {
        ulong hash = XxHash64.Hash(System.Text.Encoding.UTF8.GetBytes(options.Name));
        return TimeSpan.FromTicks((long)(hash % (ulong)Math.Max(1, options.Interval.Ticks)));
    }

    /// <summary>The delay of one poll after its tick, drawn below the jitter.</summary>
    public static TimeSpan JitterDelay(ScrapeSourceOptions options, Random random) =>
        TimeSpan.FromTicks(random.NextInt64(options.Jitter.Ticks));

    protected override void PreStart()
    {
        // Note: built here, not in Props, so that every restart gets a poller (and HTTP client) of its own.
        _poller = new SourcePoller(_options, _decoder(), _sink, _time, _logger);
        Timers.StartPeriodicTimer(TickKey, PollTick.Instance, FirstPollOffset(_options), _options.Interval);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        // Note: a poll still in flight ends on the cancelled token; its client is released with the poller.
        _poller?.Dispose();
        _stopping.Dispose();
    }

    private void OnTick()
    {
        if (_options.Jitter > TimeSpan.Zero)
        {
            // Note: the poll waits a fresh random delay below the jitter; jitter < interval, so the next
            // tick always finds this delay over.
            Timers.StartSingleTimer(JitterKey, JitteredPoll.Instance, JitterDelay(_options, _random));
            return;
        }
        Poll();
    }

    private void Poll()
    {
        if (_polling)
        {
            _tickDeferred = true;
            LogDeferred(_options.Name);
            return;
        }
        StartPoll();
    }

    private void OnPollCompleted(PollCompleted completed)
    {
        _polling = false;
        _onPolled?.Invoke(completed.Poller.Status);
        if (_tickDeferred)
        {
            _tickDeferred = false;
            StartPoll();
        }
    }

    private void OnPollCrashed(PollCrashed crashed)
    {
        _polling = false;
        if (!_stopping.IsCancellationRequested)
        {
            throw new InvalidOperationException($"poll of source '{_options.Name}' crashed", crashed.Error);
        }
    }

    private void StartPoll()
    {
        _polling = true;
        var poller = _poller!;
        poller.PollOnceAsync(_stopping.Token).PipeTo(Self, Self,
            success: report => new PollCompleted(poller, report),
            failure: error => new PollCrashed(poller, error));
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

    private sealed record PollCompleted(SourcePoller Poller, PollReport Report);

    private sealed record PollCrashed(SourcePoller Poller, Exception Error);
}
