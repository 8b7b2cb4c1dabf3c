using System.Net;
using Aggregator.Shared.Cli;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("topology-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CliConsole Console(StringWriter output, StringWriter error) => new(output, error, () => Stream.Null);

    private string WriteTopology(int aggregatorPort, int nodePort)
    {
        var path = Path.Combine(_dir, "topology.hocon");
        File.WriteAllText(path, $$"""
            aggregator {
              rings.global { members = [agg-0] }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{aggregatorPort}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{nodePort}}" }
              }
            }
            """);
        return path;
    }

    [Fact]
    public async Task Run_UnknownNode_ListsKnownIds()
    {
        var error = new StringWriter();
        int exit = await CliApp.RunAsync(["--config", Path.Combine(RepoPaths.Root, "topology.hocon"), "--node", "dc9"], HostRole.Node, Console(new StringWriter(), error));
        Assert.Equal(2, exit);
        Assert.Contains("unknown node 'dc9'", error.ToString());
        Assert.Contains("known ids: agg-0, agg-1, agg-2, dc1, dc2", error.ToString());
    }

    [Fact]
    public async Task Run_NodeOfTheOtherRole_SaysWhichExecutable()
    {
        var error = new StringWriter();
        int exit = await CliApp.RunAsync(["--config", Path.Combine(RepoPaths.Root, "topology.hocon"), "--node", "dc1"], HostRole.Aggregator, Console(new StringWriter(), error));
        Assert.Equal(2, exit);
        Assert.Contains("node 'dc1' has role 'node'; run it with src/Node", error.ToString());
    }

    [Fact]
    public async Task Run_InvalidTopology_PrintsEveryProblemAndDoesNotStart()
    {
        var error = new StringWriter();
        var broken = Path.Combine(RepoPaths.Root, "tests", "Shared.Tests", "Topology", "TestData", "duplicates.hocon");
        int exit = await CliApp.RunAsync(["--config", broken, "--node", "dc1"], HostRole.Node, Console(new StringWriter(), error));
        Assert.Equal(1, exit);
        Assert.Contains("7 problem(s); not starting", error.ToString());
        Assert.Contains("duplicate cluster endpoint 127.0.0.1:4053", error.ToString());
        Assert.Contains("duplicate member 'agg-0'", error.ToString());
    }

    [Fact]
    public async Task Run_ValidNode_ServesUntilCancelledThenStopsCleanly()
    {
        int port = FreeTcpPort.Next();
        var config = WriteTopology(FreeTcpPort.Next(), port);
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = CliApp.RunAsync(["--config", config, "--node", "dc1"], HostRole.Node, Console(output, error), stop.Token);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        HttpStatusCode? status = null;
        for (int attempt = 0; attempt < 300 && status != HttpStatusCode.OK && !run.IsCompleted; attempt++)
        {
            try
            {
                status = (await client.GetAsync("/-/ready")).StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }
        Assert.True(status == HttpStatusCode.OK, $"not ready; stderr: {error}");
        stop.Cancel();
        Assert.Equal(0, await run);
        Assert.Contains($"dc1 (site dc1) listening on http://127.0.0.1:{port}", output.ToString());
        Assert.Contains("dc1 stopped", output.ToString());
    }
}
