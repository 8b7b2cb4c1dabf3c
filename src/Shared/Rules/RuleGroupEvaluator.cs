using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Evaluation;

namespace Aggregator.Shared.Rules;

/// <summary>
/// Evaluates a group's recording rules in order at a timestamp, as Prometheus's rule manager
/// does: each result gets <c>__name__</c> = record and the rule's labels; later rules read earlier
/// rules' results; a series a rule produced last time but not now gets a stale marker. Holds
/// that "last time" state, so keep one instance per group. Not thread-safe; independent of actors.
/// </summary>
public sealed class RuleGroupEvaluator
{
    private readonly EvaluatorOptions _options;
    private readonly HashSet<LabelSet>[] _previous;

    public RuleGroupEvaluator(RuleGroupDefinition group, EvaluatorOptions? options = null)
    {
        Group = group;
        _options = options ?? new EvaluatorOptions();
        _previous = new HashSet<LabelSet>[group.Rules.Count];
        for (int i = 0; i < _previous.Length; i++)
        {
            _previous[i] = [];
        }
    }

    public RuleGroupDefinition Group { get; }

    /// <summary>
    /// Evaluates every rule at <paramref name="timeMs"/> minus the group's query offset over
    /// <paramref name="source"/>. The caller appends <see cref="RuleGroupEvaluation.Samples"/> to its store.
    /// </summary>
    public RuleGroupEvaluation Evaluate(ISeriesSource source, long timeMs)
    {
        long t = timeMs - (long)Group.QueryOffset.TotalMilliseconds;
        var fresh = new InMemorySeriesSource();
        var evaluator = new PromQlEvaluator(new LayeredSeriesSource(source, fresh), _options);
        var samples = new List<RuleSample>();
        var errors = new List<RuleError>();
        for (int i = 0; i < Group.Rules.Count; i++)
        {
            var rule = Group.Rules[i];
            List<RuleSample> produced;
            try
            {
                produced = EvaluateRule(rule, evaluator, t);
            }
            catch (Exception e) when (e is PromQlEvaluationException or NotSupportedException or InvalidOperationException)
            {
                errors.Add(new RuleError(rule.Record, e.Message));
                continue;
            }
            var current = new HashSet<LabelSet>(produced.Count);
            foreach (var s in produced)
            {
                current.Add(s.Labels);
                fresh.Add(s.Labels, s.TimestampMs, s.Value);
                samples.Add(s);
            }
            foreach (var gone in _previous[i])
            {
                if (!current.Contains(gone))
                {
                    samples.Add(new RuleSample(gone, StaleMarker.Value, t));
                }
            }
            _previous[i] = current;
        }
        return new RuleGroupEvaluation(t, samples, errors);
    }

    private List<RuleSample> EvaluateRule(RecordingRule rule, PromQlEvaluator evaluator, long t)
    {
        var value = evaluator.Evaluate(rule.Expression, t);
        var output = new List<RuleSample>();
        switch (value)
        {
            case ScalarValue s:
                output.Add(new RuleSample(Relabel(LabelSet.Empty, rule), s.Value, t));
                break;
            case VectorValue v:
                foreach (var e in v.Samples)
                {
                    output.Add(new RuleSample(Relabel(e.Labels, rule), e.Value, t));
                }
                break;
            default:
                throw new InvalidOperationException("rule result is not a vector or scalar");
        }
        var seen = new HashSet<LabelSet>(output.Count);
        foreach (var s in output)
        {
            if (!seen.Add(s.Labels))
            {
                throw new InvalidOperationException("vector contains metrics with the same labelset after applying rule labels");
            }
        }
        if (Group.Limit > 0 && output.Count > Group.Limit)
        {
            throw new InvalidOperationException($"exceeded limit of {Group.Limit} with {output.Count} series");
        }
        return output;
    }

    private static LabelSet Relabel(LabelSet labels, RecordingRule rule)
    {
        var result = labels.With(Label.MetricName, rule.Record);
        foreach (var l in rule.Labels.AsSpan())
        {
            result = result.With(l.Name, l.Value);
        }
        return result;
    }
}
