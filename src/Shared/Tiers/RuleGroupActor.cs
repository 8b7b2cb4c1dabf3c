using Aggregator.Shared.Actors;
using Aggregator.Shared.Model;
using Aggregator.Shared.Rules;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Evaluates one rule group at its interval over the store, in order (the evaluator feeds later
/// rules the earlier results), writes the results back into the store (the evaluator already adds
/// stale markers for output series that vanished, as Prometheus's rule manager does), and hands
/// everything to the upstream router.
/// </summary>
internal sealed class RuleGroupActor : ActorBase
{
    private static readonly object TickKey = "evaluate";

    private readonly RuleGroupEvaluator _evaluator;
    private readonly SeriesStore _store;
    private readonly TimeSpan _interval;
    private readonly UpstreamRouter? _upstream;
    private readonly TierMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly RuleGroupStatusBoard? _status;

    private RuleGroupActor(RuleGroupEvaluator evaluator, SeriesStore store, TimeSpan interval, UpstreamRouter? upstream, TierMetrics metrics, TimeProvider time, RuleGroupStatusBoard? status)
    {
        _status = status;
        _evaluator = evaluator;
        _store = store;
        _interval = interval;
        _upstream = upstream;
        _metrics = metrics;
        _time = time;
    }

    public static Props Props(RuleGroupEvaluator evaluator, SeriesStore store, TimeSpan interval, UpstreamRouter? upstream, TierMetrics metrics, TimeProvider time,
        RuleGroupStatusBoard? status = null) =>
        Actors.Props.Create(() => new RuleGroupActor(evaluator, store, interval, upstream, metrics, time, status));

    protected override void PreStart() => Context.Timers.StartPeriodicTimer(TickKey, Tick.Instance, _interval);

    protected override void OnReceive(object message)
    {
        if (message is not Tick)
        {
            Unhandled(message);
            return;
        }
        long start = _time.GetTimestamp();
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var result = _evaluator.Evaluate(_store, now);
        var output = new List<(LabelSet Labels, Sample Sample)>(result.Samples.Count);
        foreach (var s in result.Samples)
        {
            _store.Append(s.Labels, s.TimestampMs, s.Value);
            output.Add((s.Labels, new Sample(s.TimestampMs, s.Value)));
        }
        _upstream?.Route(output);

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

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
