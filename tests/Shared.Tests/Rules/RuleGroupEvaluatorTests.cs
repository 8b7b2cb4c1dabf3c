using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Evaluation;
using Aggregator.Shared.Rules;

namespace Aggregator.Shared.Tests.Rules;

public class RuleGroupEvaluatorTests
{
    private static RuleGroupDefinition Group(string yaml)
    {
        var result = RuleFileLoader.Parse(yaml, "test.yml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return Assert.Single(result.Groups);
    }

    [Fact]
    public void Evaluate_ChainedRules_LaterRuleReadsEarlierResult()
    {
        var group = Group("""
            groups:
              - name: g
                rules:
                  - record: job:x:sum
                    expr: sum by (job) (x)
                  - record: job:x:double
                    expr: job:x:sum * 2
                    labels:
                      tier: global
            """);
        var source = new InMemorySeriesSource();
        source.Add(LabelSet.Of("__name__", "x", "job", "a", "i", "1"), 0, 1);
        source.Add(LabelSet.Of("__name__", "x", "job", "a", "i", "2"), 0, 2);
        var result = new RuleGroupEvaluator(group).Evaluate(source, 10_000);
        Assert.Empty(result.Errors);
        Assert.Contains(new RuleSample(LabelSet.Of("__name__", "job:x:sum", "job", "a"), 3, 10_000), result.Samples);
        Assert.Contains(new RuleSample(LabelSet.Of("__name__", "job:x:double", "job", "a", "tier", "global"), 6, 10_000), result.Samples);
    }

    [Fact]
    public void Evaluate_SeriesVanishes_EmitsStaleMarker()
    {
        var group = Group("""
            groups:
              - name: g
                rules:
                  - record: r
                    expr: x
            """);
        var source = new InMemorySeriesSource();
        source.Add(LabelSet.Of("__name__", "x", "job", "a"), 0, 1);
        var evaluator = new RuleGroupEvaluator(group);
        Assert.Single(evaluator.Evaluate(source, 0).Samples);
        var later = evaluator.Evaluate(source, 600_000);
        var stale = Assert.Single(later.Samples);
        Assert.True(stale.IsStale);
        Assert.Equal(LabelSet.Of("__name__", "r", "job", "a"), stale.Labels);
    }

    [Fact]
    public void Evaluate_DuplicateAfterRuleLabels_FailsOnlyThatRule()
    {
        var group = Group("""
            groups:
              - name: g
                rules:
                  - record: r
                    expr: x
                  - record: ok
                    expr: vector(1)
            """);
        var source = new InMemorySeriesSource();
        source.Add(LabelSet.Of("__name__", "x", "job", "a"), 0, 1);
        source.Add(LabelSet.Of("__name__", "y", "job", "a"), 0, 1);
        var dup = Group("""
            groups:
              - name: g
                rules:
                  - record: r
                    expr: '{job="a"}'
                  - record: ok
                    expr: vector(1)
            """);
        var result = new RuleGroupEvaluator(dup).Evaluate(source, 0);
        Assert.Equal("vector contains metrics with the same labelset after applying rule labels", Assert.Single(result.Errors).Message);
        Assert.Single(result.Samples);
        Assert.Empty(new RuleGroupEvaluator(group).Evaluate(source, 0).Errors);
    }

    [Fact]
    public void Extract_Selectors_LeavesOutRecordedSeries()
    {
        var group = Group("""
            groups:
              - name: g
                rules:
                  - record: job:x:rate
                    expr: sum by (job) (rate(x_total{env="prod"}[1m]))
                  - record: job:x:ratio
                    expr: job:x:rate / on(job) sum by (job) (rate(y_total[1m]))
            """);
        var selectors = RuleSelectors.Extract([group]);
        Assert.Equal(["{__name__=\"x_total\",env=\"prod\"}", "{__name__=\"y_total\"}"], selectors);
    }
}
