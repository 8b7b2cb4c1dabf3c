using Akka.Actor;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Rules;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Evaluates one rule group at its interval over the store, in order (the evaluator feeds later
/// rules the earlier results), writes the results back into the store (the evaluator already adds
/// stale markers for output series that vanished, as Prometheus's rule manager does), and hands
/// everything to the forwarder of the parent ring, if there is one and <c>forwards</c> says this
/// process speaks for its ring (a region ring's members all evaluate; only its oldest forwards).
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
    private long _lastEvaluationMs = long.MinValue;

    /// <summary>Use <see cref="Props"/>; public only because Akka creates actors through a public constructor.</summary>
    public RuleGroupActor(RuleGroupEvaluator evaluator, SeriesStore store, TimeSpan interval, IActorRef? forwarder, TierMetrics metrics, TimeProvider time,
        RuleGroupStatusBoard? status, Func<bool>? forwards = null)
    {
        _status = status;
        _forwards = forwards ?? (static () => true);
        _evaluator = evaluator;
        _store = store;
        _interval = interval;
        _forwarder = forwarder;
        _metrics = metrics;
        _time = time;
        Receive<Tick>(_ => Evaluate());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RuleGroupEvaluator evaluator, SeriesStore store, TimeSpan interval, IActorRef? forwarder, TierMetrics metrics, TimeProvider time,
        RuleGroupStatusBoard? status = null, Func<bool>? forwards = null) =>
        Akka.Actor.Props.Create(() => new RuleGroupActor(evaluator, store, interval, forwarder, metrics, time, status, forwards));

    protected override void PreStart()
    {
        // Note: the group's counters exist at 0 from its start, not from its first evaluation one interval later,
        // so a dashboard (or a test) reading them right after a restart sees the group at all.
        string group = _evaluator.Group.Name;
        _metrics.RuleEvaluations.WithLabels(group);
        _metrics.RuleSamples.WithLabels(group);
        _metrics.RuleFailures.WithLabels(group);
        _metrics.RuleMissed.WithLabels(group);
        Timers.StartPeriodicTimer(TickKey, Tick.Instance, _interval, _interval);
    }

    private void Evaluate()
    {
        long start = _time.GetTimestamp();
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        string group = _evaluator.Group.Name;
        // Note: after a stall (a long GC, a frozen or starved process) the timer delivers the missed ticks back to back;
        // evaluating each would give samples microseconds apart, often at one timestamp, of which a receiver keeps only
        // the last. As Prometheus does, such iterations are skipped and counted.
        if (_lastEvaluationMs != long.MinValue && now - _lastEvaluationMs < _interval.TotalMilliseconds / 2)
        {
            _metrics.RuleMissed.WithLabels(group).Inc();
            return;
        }
        _lastEvaluationMs = now;
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

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
