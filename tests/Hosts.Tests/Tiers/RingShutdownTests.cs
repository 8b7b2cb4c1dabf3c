using System.Text.Json;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosts.Tests.Tiers;

/// <summary>A ring member stopped gracefully (SIGTERM, or its host stopped) leaves its cluster instead of vanishing from it.</summary>
public sealed class RingShutdownTests
{
    [Fact]
    public async Task StopAsync_OneOfThreeMembers_LeavesTheClusterWithoutErrorLogsAndTheOthersSeeItRemoved()
    {
        var dir = Directory.CreateTempSubdirectory("ring-shutdown-").FullName;
        int[] ports = [FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next()];
        var topology = TierHosts.Load(dir, $$"""
            aggregator {
              rings { global { members = [agg-0, agg-1, agg-2] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{ports[0]}}", cluster-port = {{FreeTcpPort.Next()}} }
                agg-1 { role = aggregator, ring = global, url = "http://127.0.0.1:{{ports[1]}}", cluster-port = {{FreeTcpPort.Next()}} }
                agg-2 { role = aggregator, ring = global, url = "http://127.0.0.1:{{ports[2]}}", cluster-port = {{FreeTcpPort.Next()}} }
              }
            }
            """);
        var data = Path.Combine(dir, "data");
        var logs = new[] { new CollectingLoggerProvider(), new CollectingLoggerProvider(), new CollectingLoggerProvider() };
        await using var agg0 = await TierHosts.StartAsync(topology, "agg-0", data, logs: logs[0]);
        await using var agg1 = await TierHosts.StartAsync(topology, "agg-1", data, logs: logs[1]);
        var agg2 = await TierHosts.StartAsync(topology, "agg-2", data, logs: logs[2]);
        using var http = new HttpClient();
        var allUp = new Dictionary<string, string> { ["agg-0"] = "up", ["agg-1"] = "up", ["agg-2"] = "up" };
        foreach (var port in ports)
        {
            Assert.Equal(allUp, await MemberStatesAsync(http, port, allUp));
        }
        // Note: a write gives the ring a site entity to hand off, as a live ring has.
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await TierHosts.PushAsync(http, topology.FindNode("agg-2")!.Url, TierHosts.Series(now, 1, "__name__", "job:x:sum", "job", "a", "site", "dc1"));

        var before = logs.Select(l => l.Lines.Count).ToArray();
        await agg2.StopAsync();
        await agg2.DisposeAsync();

        var left = new Dictionary<string, string> { ["agg-0"] = "up", ["agg-1"] = "up", ["agg-2"] = "removed" };
        Assert.Equal(left, await MemberStatesAsync(http, ports[0], left));
        Assert.Equal(left, await MemberStatesAsync(http, ports[1], left));
        // Note: only what was logged from the stop on (a member starting before its seeds logs that it cannot reach them).
        var afterStop = logs.SelectMany((log, i) => log.Lines.Skip(before[i]).Select(l => (Member: $"agg-{i}", Line: l))).ToList();
        var errors = afterStop.Where(l => l.Line.Level >= LogLevel.Error).Select(l => $"{l.Member}: {l.Line}").ToList();
        Assert.True(errors.Count == 0, "error lines:\n" + string.Join("\n", errors));
        // Note: the survivors never saw it unreachable: it left (Leaving, Exiting, Removed).
        var unreachable = afterStop.Where(l => l.Line.Level >= LogLevel.Warning && l.Line.Message.Contains("nreachable", StringComparison.Ordinal)).Select(l => $"{l.Member}: {l.Line}").ToList();
        Assert.True(unreachable.Count == 0, "unreachable warnings:\n" + string.Join("\n", unreachable));
    }

    /// <summary>The member rows (id → cluster state) of the member on <paramref name="port"/>, once they equal <paramref name="expected"/> (30 s at most).</summary>
    private static async Task<Dictionary<string, string>> MemberStatesAsync(HttpClient http, int port, Dictionary<string, string> expected)
    {
        static Dictionary<string, string> States(string body) =>
            JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("members").EnumerateArray()
                .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.TryGetProperty("state", out var s) ? s.GetString()! : "");
        var body = await TierHosts.PollAsync(http, $"http://127.0.0.1:{port}/api/v1/status",
            b => States(b) is var states && states.Count == expected.Count && expected.All(kv => states.GetValueOrDefault(kv.Key) == kv.Value));
        return States(body);
    }
}
