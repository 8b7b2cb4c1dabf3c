using System.Globalization;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Hosting;

/// <summary>
/// An idle process must stay quiet: every thread-pool work item wakes a worker that spins before it
/// sleeps, so a fixed cadence of work items is CPU burnt for nothing (Akka's scheduler at its default
/// 10 ms tick made ~100 a second, ~0.7 s of CPU per 15 s on an idle Node). The count is read from the
/// real executable's own <c>/metrics</c>. A one-member Aggregator makes ~28 a second (Akka's 250 ms tick and its
/// cluster's own timers), which a loaded box pushed to ~40 once in five runs; its limit sits half-way to the 10 ms
/// tick's ~100. A site Node schedules on timers that fire only when due (<c>TimerQueueScheduler</c>): ~2 a second
/// while it polls 10k series, ~8 with the 250 ms tick it had before, so its limit of 5 catches a tick coming back.
/// </summary>
public sealed class IdleWorkTests : IDisposable
{
    private const string WorkItems = "system_runtime_dotnet_thread_pool_work_item_count_current ";

    private readonly string _dir = Directory.CreateTempSubdirectory("idle-work-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(OwnProcess.Node, "dc1", 5)]
    [InlineData(OwnProcess.Aggregator, "agg-0", 60)]
    public async Task IdleProcess_NoSourcesNoPeers_FewThreadPoolWorkItemsPerSecond(string executable, string node, double maxWorkItemsPerSecond)
    {
        int aggregatorPort = FreeTcpPort.Next(), nodePort = FreeTcpPort.Next();
        var config = Path.Combine(_dir, "topology.hocon");
        File.WriteAllText(config, $$"""
            aggregator {
              rings.global.members = [agg-0]
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{aggregatorPort}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{nodePort}}" }
              }
            }
            """);
        var url = new Uri($"http://127.0.0.1:{(node == "dc1" ? nodePort : aggregatorPort)}/");
        await using var process = await OwnProcess.StartAsync(executable, config, node, new Uri(url, "-/ready"), Path.Combine(_dir, "data"));
        using var http = new HttpClient();
        await Task.Delay(TimeSpan.FromSeconds(3));

        var (before, startedAt) = (await ReadWorkItemsAsync(http, url), DateTime.UtcNow);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var (after, endedAt) = (await ReadWorkItemsAsync(http, url), DateTime.UtcNow);

        double perSecond = (after - before) / (endedAt - startedAt).TotalSeconds;
        Assert.True(perSecond < maxWorkItemsPerSecond, $"{executable} idle: {perSecond:F1} thread-pool work items per second (limit {maxWorkItemsPerSecond})");
    }

    private static async Task<double> ReadWorkItemsAsync(HttpClient http, Uri url)
    {
        var metrics = await http.GetStringAsync(new Uri(url, "metrics"));
        var line = metrics.Split('\n').Single(l => l.StartsWith(WorkItems, StringComparison.Ordinal));
        return double.Parse(line.AsSpan(WorkItems.Length), CultureInfo.InvariantCulture);
    }
}
