using Aggregator.Shared.Cli;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Cli;

public class TestRulesCommandTests
{
    private static string TestData(string name) => Path.Combine(RepoPaths.Conformance, "rules", "promtool_testdata", name);

    [ConformanceTheory]
    [InlineData(HostRole.Node)]
    [InlineData(HostRole.Aggregator)]
    public async Task TestRules_PassingFiles_PrintsSuccessAndExitsZero(HostRole role)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, () => Stream.Null);
        int exit = await CliApp.RunAsync(["test", "rules", TestData("at-modifier-test.yml"), TestData("negative-offset-test.yml")], role, console);
        Assert.True(exit == 0, output + "\n" + error);
        Assert.Contains("Unit Testing:  " + TestData("at-modifier-test.yml"), output.ToString());
        Assert.Equal(2, output.ToString().Split("  SUCCESS").Length - 1);
    }

    [ConformanceFact]
    public async Task TestRules_FailingFile_PrintsFailuresAndExitsOne()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, () => Stream.Null);
        int exit = await CliApp.RunAsync(["test", "rules", TestData("failing.yml")], HostRole.Node, console);
        Assert.Equal(1, exit);
        Assert.Contains("  FAILED:", error.ToString());
        Assert.Contains("exp: {__name__=\"test\"} 1E+00", error.ToString());
    }
}
