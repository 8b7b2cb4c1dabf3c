using System.Globalization;
using Microsoft.AspNetCore.Http;
using Aggregator.Tests.Common;
using Xunit.Abstractions;

namespace Aggregator.Integration.Tests.Tiers;

/// <summary>
/// End-to-end freshness: a source whose one gauge is the wall-clock time at which it was read, a Node
/// polling it every second with a one-second rule group, and an Aggregator. The global
/// <c>/federate</c> is watched; each new value's delay (seen − read) is one measurement.
/// </summary>
public sealed class FreshnessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task SourceSample_ReachesGlobalFederate_P99WithinIntervalPlusTwoSecondsOrReported()
    {
        var dir = Directory.CreateTempSubdirectory("freshness-").FullName;
        await using var source = await LoopbackHttpServer.StartAsync(async ctx =>
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            ctx.Response.ContentType = "text/plain; version=0.0.4";
            await ctx.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"# TYPE freshness_probe untyped\nfreshness_probe{{job=\"probe\"}} {now} {now}\n"));
        });
        File.WriteAllText(Path.Combine(dir, "site.yml"), """
            groups:
              - name: freshness
                interval: 1s
                rules:
                  - record: job:freshness_probe:max
                    expr: max by (job) (freshness_probe)
            """);
        int aggPort = FreeTcpPort.Next(), nodePort = FreeTcpPort.Next();
        var topology = TierHosts.Load(dir, $$"""
            aggregator {
              rings { global { members = [agg-0] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{aggPort}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 {
                  role = node, parent = global, url = "http://127.0.0.1:{{nodePort}}", rule-files = ["site.yml"]
                  sources = [{ name = probe, urls = ["{{source.Url}}"], match = ["freshness_probe"], interval = 1s, timeout = 900ms, honor-labels = true }]
                }
              }
            }
            """);
        var data = Path.Combine(dir, "data");
        await using var agg = await TierHosts.StartAsync(topology, "agg-0", data);
        await using var node = await TierHosts.StartAsync(topology, "dc1", data);
        using var http = new HttpClient();
        var url = new Uri(topology.FindNode("agg-0")!.Url, "federate?match[]=job:freshness_probe:max");

        var delays = new List<double>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var end = DateTime.UtcNow + Run;
        while (DateTime.UtcNow < end)
        {
            var body = await http.GetStringAsync(url);
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var line = body.Split('\n').FirstOrDefault(l => l.StartsWith("job:freshness_probe:max{", StringComparison.Ordinal));
            if (line is not null)
            {
                var value = line.Split(' ')[1];
                if (seen.Add(value))
                {
                    delays.Add(now - double.Parse(value, CultureInfo.InvariantCulture));
                }
            }
            await Task.Delay(50);
        }

        // Note: the first value also waits for the first poll and evaluation after start-up; it is not steady state.
        var steady = delays.Skip(1).Order().ToList();
        Assert.True(steady.Count >= Run.TotalSeconds / 4, $"only {steady.Count} values reached the global view in {Run}");
        double p50 = steady[steady.Count / 2], p99 = steady[(int)Math.Ceiling(steady.Count * 0.99) - 1], max = steady[^1];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"freshness over {steady.Count} values: p50 {p50:0} ms, p99 {p99:0} ms, max {max:0} ms (interval {Interval.TotalMilliseconds:0} ms)"));
        // Note: the goal is p99 <= interval + 2 s (recorded in BENCHMARKS.md); the assertion is looser so a loaded CI
        // machine cannot fail it, yet it still catches a value that waits for a backoff, a sweep or the lookback.
        Assert.True(p99 <= (Interval + TimeSpan.FromSeconds(2)).TotalMilliseconds * 3, $"p99 {p99} ms");
    }
}
