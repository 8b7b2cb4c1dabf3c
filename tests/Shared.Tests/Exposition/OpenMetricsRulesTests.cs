using System.Text;
using Aggregator.Shared.Exposition;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Exposition;

/// <summary>The OpenMetrics 1.0 rules on generated names, canonical +Inf, integer counts and gaugehistogram sums.</summary>
public class OpenMetricsRulesTests
{
    private static ExpositionReadResult Validate(string body) =>
        ExpositionReader.Read(Encoding.UTF8.GetBytes(body), ExpositionFormat.OpenMetrics, new CollectingSink(), options: ExpositionReadOptions.Validate);

    private static void AssertInvalid(string body, string problem)
    {
        var result = Validate(body);
        Assert.False(result.Succeeded, "expected invalid: " + body);
        Assert.Contains(result.Errors, e => e.ToString().Contains(problem, StringComparison.Ordinal));
    }

    private static void AssertValid(string body)
    {
        var result = Validate(body);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("# TYPE x counter\nx_total 1\n# TYPE x_total gauge\nx_total 2\n# EOF\n", "\"x_total\"")]
    [InlineData("# TYPE x_total gauge\nx_total 2\n# TYPE x counter\nx_total 1\n# EOF\n", "\"x_total\"")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n# TYPE h_count gauge\nh_count 3\n# EOF\n", "\"h_count\"")]
    [InlineData("# TYPE g gaugehistogram\ng_bucket{le=\"+Inf\"} 1\n# TYPE g_gsum gauge\ng_gsum 3\n# EOF\n", "\"g_gsum\"")]
    [InlineData("# TYPE i info\ni_info 1\n# TYPE i_info gauge\ni_info 1\n# EOF\n", "\"i_info\"")]
    public void Read_FamilyWhoseGeneratedNameIsAnotherFamilysName_Invalid(string body, string clash)
    {
        AssertInvalid(body, "clashes with another family over the name " + clash);
    }

    [Fact]
    public void Read_FamiliesWithDistinctGeneratedNames_Valid()
    {
        AssertValid("# TYPE x counter\nx_total 1\n# TYPE x_info gauge\nx_info 2\n# TYPE y gauge\ny 1\n# EOF\n");
    }

    [Theory]
    [InlineData("+INF")]
    [InlineData("Inf")]
    [InlineData("inf")]
    [InlineData("+inf")]
    public void Read_InfiniteBucketNotSpelledCanonically_Invalid(string le)
    {
        AssertInvalid($"# TYPE a histogram\na_bucket{{le=\"{le}\"}} 0\n# EOF\n", "non-canonical \"le\" value");
    }

    [Fact]
    public void Read_FiniteBoundsInAnySpelling_Valid()
    {
        AssertValid("# TYPE a histogram\na_bucket{le=\"1\"} 0\na_bucket{le=\"1.5e1\"} 0\na_bucket{le=\"+Inf\"} 0\n# EOF\n");
    }

    [Theory]
    [InlineData("# TYPE a histogram\na_bucket{le=\"+Inf\"} 1.5\n# EOF\n", "bucket count must be an integer")]
    [InlineData("# TYPE a histogram\na_bucket{le=\"+Inf\"} 2\na_count 2.5\na_sum 1\n# EOF\n", "histogram count must be an integer")]
    [InlineData("# TYPE a gaugehistogram\na_bucket{le=\"+Inf\"} 2\na_gcount 2.5\na_gsum 1\n# EOF\n", "histogram count must be an integer")]
    [InlineData("# TYPE s summary\ns_count 1.5\ns_sum 1\n# EOF\n", "summary count must be an integer")]
    public void Read_FractionalCount_Invalid(string body, string problem)
    {
        AssertInvalid(body, problem);
    }

    [Fact]
    public void Read_GaugeHistogramNegativeSumWithoutNegativeBucket_Invalid()
    {
        AssertInvalid("# TYPE g gaugehistogram\ng_bucket{le=\"1\"} 0\ng_bucket{le=\"+Inf\"} 1\ng_gcount 1\ng_gsum -1\n# EOF\n",
            "gaugehistogram with a negative _gsum must have a negative bucket");
    }

    [Fact]
    public void Read_GaugeHistogramNegativeSumWithNegativeBucket_Valid()
    {
        AssertValid("# TYPE g gaugehistogram\ng_bucket{le=\"-1\"} 1\ng_bucket{le=\"+Inf\"} 1\ng_gcount 1\ng_gsum -2\n# EOF\n");
    }

    [Fact]
    public void Read_GaugeHistogramSumWithoutCount_Invalid()
    {
        AssertInvalid("# TYPE g gaugehistogram\ng_bucket{le=\"+Inf\"} 1\ng_gsum 1\n# EOF\n", "count and sum must both be present");
    }
}
