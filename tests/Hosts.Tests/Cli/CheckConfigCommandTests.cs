using Aggregator.Shared.Cli;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Cli;

public class CheckConfigCommandTests
{
    private static async Task<(int Exit, string Out, string Error)> RunAsync(HostRole role, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CliApp.RunAsync(args, role, new CliConsole(output, error, () => Stream.Null));
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(HostRole.Node)]
    [InlineData(HostRole.Aggregator)]
    public async Task CheckConfig_RepositoryTopology_PrintsSummaryAndExitsZero(HostRole role)
    {
        var (exit, output, error) = await RunAsync(role, "check", "config", Path.Combine(RepoPaths.Root, "topology.hocon"));
        Assert.True(exit == 0, error);
        Assert.Contains("ring global: 256 shards, members agg-0 agg-1 agg-2", output);
        Assert.Empty(error);
    }

    [Fact]
    public async Task CheckConfig_ReplicationFactorSet_WarnsItNoLongerAppliesAndExitsZero()
    {
        var dir = Directory.CreateTempSubdirectory("check-config-").FullName;
        try
        {
            var file = Path.Combine(dir, "topology.hocon");
            File.WriteAllText(file, """
                aggregator {
                  rings.global { members = [a], replication-factor = 2 }
                  nodes.a { role = aggregator, ring = global, url = "http://127.0.0.1:1" }
                }
                """);
            var (exit, output, error) = await RunAsync(HostRole.Aggregator, "check", "config", file);
            Assert.True(exit == 0, error);
            Assert.Contains("OK (1 ring(s)", output);
            Assert.StartsWith($"warning: {file}:2:", error);
            Assert.EndsWith(": aggregator.rings.global.replication-factor: no longer applies: every member of the ring holds the whole view (the key is accepted for older files)",
                error.TrimEnd());
            Assert.Single(error.TrimEnd().Split('\n'));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task CheckConfig_BrokenFile_PrintsEveryProblemAndExitsNonZero()
    {
        var file = Path.Combine(RepoPaths.Root, "tests", "Shared.Tests", "Topology", "TestData", "unknown-keys.hocon");
        var (exit, output, error) = await RunAsync(HostRole.Node, "check", "config", file);
        Assert.NotEqual(0, exit);
        Assert.Empty(output);
        Assert.Contains("unknown-keys.hocon:2:3: aggregator.site-lable: unknown key 'site-lable' (did you mean 'site-label'?)", error);
        Assert.Contains("intervl", error);
        Assert.Contains("5 problem(s)", error);
    }

    [Fact]
    public async Task CheckConfig_NoFile_IsAUsageError()
    {
        var (exit, _, _) = await RunAsync(HostRole.Node, "check", "config");
        Assert.NotEqual(0, exit);
    }
}
