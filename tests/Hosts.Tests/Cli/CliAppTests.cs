using Aggregator.Shared.Cli;

namespace Aggregator.Hosts.Tests.Cli;

public class CliAppTests
{
    [Theory]
    [InlineData(HostRole.Node)]
    [InlineData(HostRole.Aggregator)]
    public async Task RunAsync_Help_ListsSubcommandsAndExitsZero(HostRole role)
    {
        var output = new StringWriter();
        var console = new CliConsole(output, new StringWriter(), () => Stream.Null);
        int exit = await CliApp.RunAsync(["--help"], role, console);
        Assert.Equal(0, exit);
        Assert.Contains("check", output.ToString());
        Assert.Contains("test", output.ToString());
        Assert.Equal(role == HostRole.Aggregator, output.ToString().Contains("demo"));
    }

    [Fact]
    public async Task RunAsync_NoConfig_PrintsUsageAndFails()
    {
        var error = new StringWriter();
        var console = new CliConsole(new StringWriter(), error, () => Stream.Null);
        int exit = await CliApp.RunAsync([], HostRole.Node, console);
        Assert.NotEqual(0, exit);
        Assert.Contains("--config", error.ToString());
    }
}
