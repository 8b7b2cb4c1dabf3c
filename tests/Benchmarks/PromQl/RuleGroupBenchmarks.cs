using Aggregator.Shared.PromQl.Evaluation;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Storage;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks.PromQl;

/// <summary>One evaluation of the job-level rule group over 500k input series (issue 5's goal: ≤ 0.63 s).</summary>
[MemoryDiagnoser]
[InProcess]
public class RuleGroupBenchmarks
{
    private InMemorySeriesSource _source = null!;
    private SeriesStore _store = null!;
    private RuleGroupDefinition _group = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = JobLevelRuleData.Build();
        _store = JobLevelRuleData.BuildStore();
        _group = JobLevelRuleData.Group();
    }

    [Benchmark]
    public int EvaluateJobLevelGroup() => Evaluate(_source);

    /// <summary>The same over the Node's store (per-family locks, sample windows).</summary>
    [Benchmark]
    public int EvaluateJobLevelGroupOverSeriesStore() => Evaluate(_store);

    private int Evaluate(ISeriesSource source)
    {
        var result = new RuleGroupEvaluator(_group).Evaluate(source, JobLevelRuleData.EvalTimeMs);
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException(result.Errors[0].Message);
        }
        return result.Samples.Count;
    }
}
