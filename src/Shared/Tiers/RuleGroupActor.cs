using Akka.Actor;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Rules;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Evaluates one rule group over the store, in order (the evaluator feeds later rules the earlier results),
/// writes the results back into the store (the evaluator already adds stale markers for output series that
/// vanished, as Prometheus's rule manager does), and hands everything to the forwarder of the parent ring, if
/// there is one and <c>forwards</c> says this process speaks for its ring (a region ring's members all
/// evaluate; only its oldest forwards).
/// <para>
/// When: a group without feeds (a ring member's) evaluates on a periodic timer. A site Node's group is fed by
/// its sources' polls (<see cref="PollLanded"/>): it evaluates as soon as every feeding source has landed a
/// poll since its last evaluation, so a source sample waits for one poll and not for a poll and then a timer.
/// It never evaluates more than once within <see cref="Slack"/> less than its interval; a timer of interval +
/// slack after the last evaluation stands in for polls that do not come (a source hung until its timeout, a
/// scraper restarting). Either way an evaluation is stamped with the clock when it runs, as before: the polls
/// that trigger it come from periodic timers one interval apart, so the stamps are too. Note: stamping with the
/// poll's start instead was tried and loses samples a source stamps after that start (its own clock, or a
/// federated sample scraped during our poll): an instant selector never looks past the evaluation time.
/// </para>
/// </summary>
internal sealed class RuleGroupActor : ReceiveActor, IWithTimers
{
    private static readonly object TickKey = "evaluate";

    private readonly RuleGroupEvaluator _evaluator;
    private readonly SeriesStore _store;
    private readonly TimeSpan _interval;
    private readonly IActorRef? _forwarder;
    private readonly TierMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly RuleGroupStatusBoard? _status;
    private readonly Func<bool> _forwards;
    private readonly IReadOnlySet<string> _feeds;
    private readonly HashSet<string> _landed = new(StringComparer.Ordinal);
    private long? _lastEvaluated;

    /// <summary>Use <see cref="Props"/>; public only because Akka creates actors through a public constructor.</summary>
    public RuleGroupActor(RuleGroupEvaluator evaluator, SeriesStore store, TimeSpan interval, IActorRef? forwarder, TierMetrics metrics, TimeProvider time,
        RuleGroupStatusBoard? status, Func<bool>? forwards, IReadOnlySet<string>? feeds)
    {
        _status = status;
        _forwards = forwards ?? (static () => true);
        _feeds = feeds ?? new HashSet<string>();
        _evaluator = evaluator;
        _store = store;
        _interval = interval;
        _forwarder = forwarder;
        _metrics = metrics;
        _time = time;
        Receive<PollLanded>(OnPollLanded);
        Receive<Tick>(_ => OnTick());
        Receive<Due>(_ => Evaluate());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How much earlier than one interval after the last evaluation a poll may trigger the next (and how much later the fallback timer fires).</summary>
    public TimeSpan Slack => _interval / 4;

    /// <summary>
    /// Props of a group. <paramref name="feeds"/> names the sources whose polls trigger an evaluation (empty or
    /// null: a periodic timer alone).
    /// </summary>
    public static Props Props(RuleGroupEvaluator evaluator, SeriesStore store, TimeSpan interval, IActorRef? forwarder, TierMetrics metrics, TimeProvider time,
        RuleGroupStatusBoard? status = null, Func<bool>? forwards = null, IReadOnlySet<string>? feeds = null) =>
        Akka.Actor.Props.Create(() => new RuleGroupActor(evaluator, store, interval, forwarder, metrics, time, status, forwards, feeds));

    protected override void PreStart()
    {
        // Note: the group's counters exist at 0 from its start, not from its first evaluation one interval later,
        // so a dashboard (or a test) reading them right after a restart sees the group at all.
        string group = _evaluator.Group.Name;
        _metrics.RuleEvaluations.WithLabels(group);
        _metrics.RuleSamples.WithLabels(group);
        _metrics.RuleFailures.WithLabels(group);
        _metrics.RuleMissed.WithLabels(group);
        if (_feeds.Count == 0)
        {
            Timers.StartPeriodicTimer(TickKey, Tick.Instance, _interval, _interval);
            return;
        }
        Timers.StartSingleTimer(TickKey, Tick.Instance, _interval + Slack);
    }

    private void OnTick()
    {
        // Note: after a stall (a long GC, a frozen or starved process) the periodic timer delivers the missed ticks back
        // to back; evaluating each would give samples microseconds apart, often at one timestamp, of which a receiver
        // keeps only the last. As Prometheus does, such iterations are skipped and counted.
        if (_feeds.Count == 0 && _lastEvaluated is { } last && _time.GetElapsedTime(last) < _interval / 2)
        {
            _metrics.RuleMissed.WithLabels(_evaluator.Group.Name).Inc();
            return;
        }
        Evaluate();
    }

    private void OnPollLanded(PollLanded landed)
    {
        if (!_feeds.Contains(landed.Source))
        {
            return;
        }
        _landed.Add(landed.Source);
        if (!_landed.IsSupersetOf(_feeds))
        {
            return;
        }
        var wait = _lastEvaluated is { } last ? _interval - Slack - _time.GetElapsedTime(last) : TimeSpan.Zero;
        if (wait > TimeSpan.Zero)
        {
            // Note: polls land more often than the group's interval (sources polled faster than the group
            // evaluates): the evaluation waits until it is due, and then uses what has landed by then.
            Timers.StartSingleTimer(TickKey, Due.Instance, wait);
            return;
        }
        Evaluate();
    }

    private void Evaluate()
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _landed.Clear();
        long start = _time.GetTimestamp();
        _lastEvaluated = start;
        if (_feeds.Count > 0)
        {
            Timers.StartSingleTimer(TickKey, Tick.Instance, _interval + Slack);
        }

        var result = _evaluator.Evaluate(_store, now);
        var output = new List<WriteSeries>(result.Samples.Count);
        foreach (var s in result.Samples)
        {
            _store.Append(s.Labels, s.TimestampMs, s.Value);
            output.Add(new WriteSeries(s.Labels, [new Sample(s.TimestampMs, s.Value)]));
        }
        if (output.Count > 0 && _forwarder is not null && _forwards())
        {
            _forwarder.Tell(new ForwardSamples(output), Self);
        }

        string group = _evaluator.Group.Name;
        _metrics.RuleEvaluations.WithLabels(group).Inc();
        _metrics.RuleSamples.WithLabels(group).Inc(result.Samples.Count);
        if (result.Errors.Count > 0)
        {
            _metrics.RuleFailures.WithLabels(group).Inc(result.Errors.Count);
        }
        var duration = _time.GetElapsedTime(start);
        _metrics.RuleDuration.WithLabels(group).Set(duration.TotalSeconds);
        _status?.Record(group, now, duration, result.Samples.Count, result.Errors);
    }

    /// <summary>A source's poll has written its samples (or stale markers) into the store.</summary>
    /// <param name="Source">The source's name.</param>
    public sealed record PollLanded(string Source);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class Due
    {
        public static readonly Due Instance = new();
    }
}
