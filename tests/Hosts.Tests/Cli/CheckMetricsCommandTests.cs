using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Shared.Cli;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Cli;

public partial class CheckMetricsCommandTests
{
    public static TheoryData<string, bool> OpenMetricsCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var line in RepoPaths.ConformanceFiles("openmetrics", "INDEX.tsv").SelectMany(File.ReadAllLines).Skip(1))
        {
            var cols = line.Split('\t');
            data.Add(cols[0], cols[1] == "valid");
        }
        return data;
    }

    /// <summary>Every OpenMetrics conformance case gets its expected verdict; invalid ones name line:col and a reason.</summary>
    [ConformanceTheory]
    [MemberData(nameof(OpenMetricsCases))]
    public async Task CheckMetrics_OpenMetricsConformanceCase_ExpectedVerdict(string name, bool valid)
    {
        var path = Path.Combine(RepoPaths.Conformance, "openmetrics", name, "metrics");
        var (exit, _, error) = await RunAsync(["check", "metrics", "--format", "openmetrics", path]);
        if (valid)
        {
            Assert.True(exit == 0, error);
            return;
        }
        Assert.Equal(1, exit);
        Assert.Matches(ProblemLine(), error);
    }

    [Fact]
    public async Task CheckMetrics_TextWithLintProblems_ReportsEveryProblemWithLocation()
    {
        var body = "# TYPE foo counter\nfoo 1\nbarBaz 2\nbad{ 3\n";
        var (exit, _, error) = await RunAsync(["check", "metrics", "-"], body);
        Assert.Equal(1, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("1:1: foo counter metrics should have \"_total\" suffix", lines);
        Assert.Contains("1:1: foo no help text", lines);
        Assert.Contains("3:1: barBaz metric names should be written in 'snake_case' not 'camelCase'", lines);
        Assert.Contains(lines, l => l.StartsWith("4:6: ", StringComparison.Ordinal) && l.Contains("invalid label name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckMetrics_CleanText_ExitsZero()
    {
        var body = "# HELP up Whether up.\n# TYPE up gauge\nup{job=\"a\"} 1\n";
        var (exit, _, error) = await RunAsync(["check", "metrics"], body);
        Assert.True(exit == 0, error);
    }

    [ConformanceFact]
    public async Task CheckMetrics_ProtobufGolden_ReportsOnlyLints()
    {
        var path = Path.Combine(RepoPaths.Conformance, "federate-golden-2.42", "15_accept_proto_delimited.body.bin");
        var (exit, _, error) = await RunAsync(["check", "metrics", "--format", "protobuf", "--lint", "none", path]);
        Assert.True(exit == 0, error);
        (exit, _, error) = await RunAsync(["check", "metrics", "--format", "protobuf", path]);
        Assert.Equal(1, exit);
        Assert.Contains("app_requests_total no help text", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckMetrics_MissingFile_ExitsOneWithReason()
    {
        var (exit, _, error) = await RunAsync(["check", "metrics", "/nonexistent/metrics.txt"]);
        Assert.Equal(1, exit);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(string[] args, string stdin = "")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)));
        int exit = await CliApp.RunAsync(args, HostRole.Node, console);
        return (exit, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"(^|\n)\S*\d+:\d+: \S.*")]
    private static partial Regex ProblemLine();
}
