using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Evaluation;

namespace Aggregator.Shared.Tests.PromQl;

public class PromQlEvaluatorTests
{
    private static InMemorySeriesSource Source()
    {
        var source = new InMemorySeriesSource();
        for (int job = 0; job < 3; job++)
        {
            for (int i = 0; i < 20; i++)
            {
                var labels = LabelSet.Of("__name__", "x_total", "job", "j" + job, "instance", "i" + i, "code", (200 + (i % 3)).ToString());
                for (int t = 0; t <= 8; t++)
                {
                    // Note: a counter reset in the middle for some series.
                    double v = i % 4 == 0 && t > 4 ? t - 4 : (t * (i + 1)) + job;
                    source.Add(labels, t * 15_000L, v);
                }
            }
        }
        return source;
    }

    [Theory]
    [InlineData("sum by (job) (rate(x_total[1m]))", "sum by (job) (rate(x_total[1m]) * 1)")]
    [InlineData("avg without (instance) (increase(x_total[1m]))", "avg without (instance) (increase(x_total[1m]) + 0)")]
    [InlineData("max by (job, code) (irate(x_total[1m]))", "max by (job, code) (irate(x_total[1m]) / 1)")]
    [InlineData("count by (code) (delta(x_total[1m]))", "count by (code) (delta(x_total[1m]) - 0)")]
    public void Evaluate_FusedAggregation_EqualsGeneralPath(string fused, string general)
    {
        var evaluator = new PromQlEvaluator(Source());
        var a = (VectorValue)evaluator.Evaluate(PromQlParser.ParseExpr(fused), 120_000);
        var b = (VectorValue)evaluator.Evaluate(PromQlParser.ParseExpr(general), 120_000);
        Assert.NotEmpty(a.Samples);
        var expected = b.Samples.ToDictionary(s => s.Labels, s => s.Value);
        Assert.Equal(expected.Count, a.Samples.Count);
        foreach (var s in a.Samples)
        {
            Assert.Equal(expected[s.Labels], s.Value, 12);
        }
    }

    [Fact]
    public void Evaluate_UnsupportedFunction_FailsBeforeEvaluating()
    {
        var evaluator = new PromQlEvaluator(Source());
        var e = Assert.Throws<NotSupportedException>(() => evaluator.Evaluate(PromQlParser.ParseExpr("sum(holt_winters(x_total[5m], 0.5, 0.5))"), 0));
        Assert.Equal("not supported: holt_winters", e.Message);
    }
}
