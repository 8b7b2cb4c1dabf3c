using Aggregator.Shared.Rules;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Rules;

public class RuleUnitTestRunnerTests
{
    private static string TestData(string name) => Path.Combine(RepoPaths.Conformance, "rules", "promtool_testdata", name);

    [ConformanceTheory]
    [InlineData("at-modifier-test.yml")]
    [InlineData("long-period.yml")]
    [InlineData("negative-offset-test.yml")]
    [InlineData("no-test-group-interval.yml")]
    public void Run_PromtoolRecordingRuleCases_Pass(string file)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = RuleUnitTestRunner.Run([TestData(file)], stdout, stderr);
        Assert.True(exit == 0, stdout + "\n" + stderr);
        Assert.Contains("  SUCCESS", stdout.ToString());
    }

    [ConformanceTheory]
    [InlineData("failing.yml", "    expr: \"test\", time: 0s,\n        exp: {__name__=\"test\"} 1E+00\n        got: {__name__=\"test\"} 0E+00")]
    [InlineData("bad-rules-syntax-test.yml", "bad-rules-syntax.yml: 7:15: group \"bad-syntax\", rule 1, \"x\": could not parse expression: 1:7: parse error: unexpected end of input")]
    [InlineData("bad-rules-error-test.yml", "    rule: joined, time: 0s, err: found duplicate series for the match group {a=\"1\"} on the right hand-side of the operation: [{__name__=\"join_2\", a=\"1\", b=\"3\"}, {__name__=\"join_2\", a=\"1\", b=\"4\"}];many-to-many matching not allowed: matching labels must be unique on one side")]
    [InlineData("bad-promql.yml", "    expr: \"join_1 + on(a) join_2\", time: 0s, err: found duplicate series")]
    public void Run_FailingCases_FailWithPromtoolMessages(string file, string expected)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = RuleUnitTestRunner.Run([TestData(file)], stdout, stderr);
        Assert.Equal(1, exit);
        Assert.Contains("  FAILED:", stderr.ToString());
        Assert.Contains(expected, stderr.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1.0, "1E+00")]
    [InlineData(0.0, "0E+00")]
    [InlineData(15.0, "1.5E+01")]
    [InlineData(-0.001234, "-1.234E-03")]
    [InlineData(1.0 / 3, "3.333333333333333E-01")]
    [InlineData(1e100, "1E+100")]
    public void FormatE_MatchesGo(double value, string expected)
    {
        Assert.Equal(expected, GoFloat.FormatE(value));
    }
}
