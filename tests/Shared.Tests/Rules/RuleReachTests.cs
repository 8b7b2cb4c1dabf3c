using Aggregator.Shared.Model;
using Aggregator.Shared.Rules;

namespace Aggregator.Shared.Tests.Rules;

public class RuleReachTests
{
    private static IReadOnlyList<RuleGroupDefinition> Groups(params string[] exprs)
    {
        var yaml = "groups:\n  - name: g\n    rules:\n" + string.Concat(exprs.Select((e, i) => $"      - record: r{i}\n        expr: '{e}'\n"));
        var result = RuleFileLoader.Parse(yaml, "rules.yml");
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return result.Groups;
    }

    [Theory]
    [InlineData("sum without (site) (job:x:sum)", 0)]
    [InlineData("sum by (job) (rate(x[1m]))", 60_000)]
    [InlineData("rate(x[1m]) / rate(y[5m] offset 1m)", 360_000)]
    [InlineData("x offset 2m", 120_000 + 300_000)]
    [InlineData("max_over_time(rate(x[1m])[10m:1m])", 600_000 + 300_000)]
    public void LongestMs_Expressions_ReachOfTheLongestSelector(string expr, long expected) =>
        Assert.Equal(expected, RuleReach.LongestMs(Groups(expr), TimeSpan.FromMinutes(5)));

    [Fact]
    public void LongestMs_AtModifier_IsUnbounded() =>
        Assert.Equal(long.MaxValue, RuleReach.LongestMs(Groups("rate(x[1m] @ 100)"), TimeSpan.FromMinutes(5)));

    [Fact]
    public void ReadBy_Selectors_MatchOnlyTheSeriesRulesRead()
    {
        var readBy = RuleReach.ReadBy(Groups("sum by (job) (rate(http_requests_total{code=\"500\"}[1m]))"));

        Assert.True(readBy(LabelSet.Of("__name__", "http_requests_total", "code", "500", "job", "a")));
        Assert.False(readBy(LabelSet.Of("__name__", "http_requests_total", "code", "200", "job", "a")));
        Assert.False(readBy(LabelSet.Of("__name__", "process_resident_memory_bytes", "job", "a")));
    }
}
