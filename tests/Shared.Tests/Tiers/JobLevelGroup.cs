using Aggregator.Shared.Model;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Tiers;

namespace Aggregator.Shared.Tests.Tiers;

/// <summary>
/// The rule group the <see cref="RuleGroupActor"/> tests run: <c>job:x:sum = sum by (job) (x)</c> over a
/// store holding one input series <c>x{job="a",i="1"}</c>, so one evaluation gives one result.
/// </summary>
internal static class JobLevelGroup
{
    public static RuleGroupEvaluator Evaluator()
    {
        var result = RuleFileLoader.Parse("""
            groups:
              - name: job-level
                rules:
                  - record: job:x:sum
                    expr: sum by (job) (x)
            """, "test.yml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return new RuleGroupEvaluator(Assert.Single(result.Groups));
    }

    /// <summary>A store whose input series has one sample, value 2, at <paramref name="atMs"/>.</summary>
    public static SeriesStore StoreWithInput(long atMs)
    {
        var store = new SeriesStore();
        store.Append(LabelSet.Of("__name__", "x", "job", "a", "i", "1"), atMs, 2);
        return store;
    }
}
