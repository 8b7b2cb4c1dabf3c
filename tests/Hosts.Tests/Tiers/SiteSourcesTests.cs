using System.Collections.Concurrent;
using System.Text.Json;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosts.Tests.Tiers;

/// <summary>
/// A site Node's sources as the runtime wires them: minimal pull (the match[] each source receives),
/// the live source status in <c>/api/v1/topology</c> and <c>/metrics</c>, and the synthetic <c>up</c> labels.
/// </summary>
public class SiteSourcesTests
{
    private const string RuleFile = """
        groups:
          - name: job-level
            interval: 1s
            rules:
              - record: job:http_errors:rate1m
                expr: sum by (job) (rate(http_requests_total{code=~"5.."}[1m]))
              - record: job:http_latency:p99
                expr: histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[1m])))
              - record: job:http_errors:per_target
                expr: job:http_errors:rate1m / on (job) count by (job) (up{job="api"})
        """;

    private static TopologyConfig Topology(string dir, int nodePort, string rules, string sources)
    {
        var ruleFiles = "[]";
        if (rules.Length > 0)
        {
            File.WriteAllText(Path.Combine(dir, "site.yml"), rules);
            ruleFiles = "[\"site.yml\"]";
        }
        // Note: the ring's member is never started; the node's forwarders retry into their disk queues.
        var text = $$"""
            aggregator {
              rings { global { replication-factor = 1, members = [agg-0] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{FreeTcpPort.Next()}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{nodePort}}", rule-files = {{ruleFiles}}, sources = [{{sources}}] }
              }
            }
            """;
        var result = TopologyLoader.LoadText(text, Path.Combine(dir, "topology.hocon"), dir, _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Topology!;
    }

    private static async Task<WebApplication> StartNodeAsync(TopologyConfig topology)
    {
        var node = topology.FindNode("dc1")!;
        var app = NodeHostBuilder.Build(new NodeContext(topology, node), new NodeHostOptions
        {
            ListenOverride = node.Url,
            Configure = builder => builder.Logging.ClearProviders(),
        });
        await app.StartAsync();
        return app;
    }

    private static string Source(string name, Uri[] urls, string match = "") =>
        $$"""{ name = {{name}}, urls = [{{string.Join(", ", urls.Select(u => $"\"{u}\""))}}], interval = 1s, timeout = 1s{{match}} }""";

    private static async Task EventuallyAsync(Func<Task<bool>> probe, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe())
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> SourceStatusAsync(HttpClient http, int nodePort, string source)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{nodePort}/api/v1/topology"));
        var self = json.RootElement.GetProperty("data").GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "dc1");
        return self.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == source).Clone();
    }

    [Fact]
    public async Task Node_SourceWithoutMatch_ReceivesExactlyTheRuleSelectors()
    {
        var dir = Directory.CreateTempSubdirectory("sources-").FullName;
        Environment.SetEnvironmentVariable("AGGREGATOR_DATA_DIR", Path.Combine(dir, "data"));
        await using var minimal = await RecordingSource.StartAsync();
        await using var fixedMatch = await RecordingSource.StartAsync();
        int nodePort = FreeTcpPort.Next();
        var topology = Topology(dir, nodePort, RuleFile,
            Source("minimal", [minimal.Url]) + ", " + Source("fixed", [fixedMatch.Url], ", match = [\"{job=\\\"fixed\\\"}\"]"));
        await using var node = await StartNodeAsync(topology);

        await EventuallyAsync(() => Task.FromResult(minimal.FirstMatch is not null && fixedMatch.FirstMatch is not null), "a poll of each source");
        var received = minimal.FirstMatch!;
        var expected = RuleSelectors.Extract(RuleFileLoader.LoadFiles([Path.Combine(dir, "site.yml")]).Groups);
        Assert.Equal(
        [
            "{__name__=\"http_requests_total\",code=~\"5..\"}",
            "{__name__=\"http_request_duration_seconds_bucket\"}",
            "{__name__=\"up\",job=\"api\"}",
        ], expected);
        Assert.Equal(expected, received);
        Assert.Equal(["{job=\"fixed\"}"], fixedMatch.FirstMatch!);

        using var http = new HttpClient();
        var status = await SourceStatusAsync(http, nodePort, "minimal");
        Assert.Empty(status.GetProperty("match").EnumerateArray());
        Assert.Equal(expected, status.GetProperty("effectiveMatch").EnumerateArray().Select(e => e.GetString()!));
        var fixedStatus = await SourceStatusAsync(http, nodePort, "fixed");
        Assert.Equal(["{job=\"fixed\"}"], fixedStatus.GetProperty("effectiveMatch").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task Node_NoRules_SourceWithoutMatchPullsEverything()
    {
        var dir = Directory.CreateTempSubdirectory("sources-").FullName;
        Environment.SetEnvironmentVariable("AGGREGATOR_DATA_DIR", Path.Combine(dir, "data"));
        await using var source = await RecordingSource.StartAsync();
        int nodePort = FreeTcpPort.Next();
        await using var node = await StartNodeAsync(Topology(dir, nodePort, "", Source("all", [source.Url])));

        await EventuallyAsync(() => Task.FromResult(source.FirstMatch is not null), "a poll");
        Assert.Equal(["{__name__=~\".+\"}"], source.FirstMatch!);
    }

    [Fact]
    public async Task Node_HaSourceFirstReplicaDown_TopologyMetricsAndUpShowActiveReplica()
    {
        var dir = Directory.CreateTempSubdirectory("sources-").FullName;
        Environment.SetEnvironmentVariable("AGGREGATOR_DATA_DIR", Path.Combine(dir, "data"));
        await using var live = await RecordingSource.StartAsync();
        var dead = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/");
        int nodePort = FreeTcpPort.Next();
        await using var node = await StartNodeAsync(Topology(dir, nodePort, RuleFile, Source("ha", [dead, live.Url])));
        using var http = new HttpClient();

        await EventuallyAsync(async () => (await SourceStatusAsync(http, nodePort, "ha")).GetProperty("health").GetString() == "up", "the source to be up");
        var status = await SourceStatusAsync(http, nodePort, "ha");
        Assert.Equal(live.Url.ToString(), status.GetProperty("activeReplica").GetString());
        Assert.True(status.GetProperty("failovers").GetInt64() >= 1);
        Assert.Equal("", status.GetProperty("lastError").GetString());
        Assert.True(DateTimeOffset.TryParse(status.GetProperty("lastPoll").GetString(), out _));

        var metrics = await http.GetStringAsync($"http://127.0.0.1:{nodePort}/metrics");
        Assert.Contains($"aggregator_source_active_replica{{replica=\"{live.Url}\",source=\"ha\"}} 1\n", metrics);
        Assert.Contains($"aggregator_source_active_replica{{replica=\"{dead}\",source=\"ha\"}} 0\n", metrics);
        Assert.Contains("aggregator_source_up{source=\"ha\"} 1\n", metrics);
        Assert.Matches("aggregator_scrape_failures_total\\{reason=\"Network\",source=\"ha\"\\} [1-9]", metrics);
        var (exit, output) = await PrometheusTools.PromtoolAsync(["check", "metrics"], metrics);
        Assert.True(exit == 0, output);

        var federate = await http.GetStringAsync($"http://127.0.0.1:{nodePort}/federate?match[]=" + Uri.EscapeDataString("{__name__=~\"up|scrape_.*\"}"));
        var up = federate.Split('\n').Single(l => l.StartsWith("up{", StringComparison.Ordinal));
        Assert.StartsWith($"up{{instance=\"127.0.0.1:{live.Url.Port}\",job=\"ha\",site=\"dc1\"}} 1 ", up);
        Assert.DoesNotContain("instance=\"\"", federate);
    }

    [Fact]
    public async Task Node_OneSourceAnswersGarbage_ItIsDownWhileTheOtherStaysUpAndTheNodeHealthy()
    {
        var dir = Directory.CreateTempSubdirectory("sources-").FullName;
        Environment.SetEnvironmentVariable("AGGREGATOR_DATA_DIR", Path.Combine(dir, "data"));
        await using var good = await RecordingSource.StartAsync();
        await using var garbage = await RecordingSource.StartAsync("\u0001\u0002 not { exposition\n");
        int nodePort = FreeTcpPort.Next();
        await using var node = await StartNodeAsync(Topology(dir, nodePort, RuleFile,
            Source("good", [good.Url]) + ", " + Source("garbage", [garbage.Url])));
        using var http = new HttpClient();

        await EventuallyAsync(async () =>
            (await SourceStatusAsync(http, nodePort, "garbage")).GetProperty("health").GetString() == "down"
            && (await SourceStatusAsync(http, nodePort, "good")).GetProperty("health").GetString() == "up", "one source down, the other up");
        var bad = await SourceStatusAsync(http, nodePort, "garbage");
        Assert.NotEqual("", bad.GetProperty("lastError").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{nodePort}/-/healthy")).StatusCode);

        var metrics = await http.GetStringAsync($"http://127.0.0.1:{nodePort}/metrics");
        Assert.Contains("aggregator_source_up{source=\"garbage\"} 0\n", metrics);
        Assert.Matches("aggregator_scrape_failures_total\\{reason=\"Parse\",source=\"garbage\"\\} [1-9]", metrics);
        var federate = await http.GetStringAsync($"http://127.0.0.1:{nodePort}/federate?match[]=up");
        Assert.Contains($"up{{instance=\"127.0.0.1:{garbage.Url.Port}\",job=\"garbage\",site=\"dc1\"}} 0 ", federate);
        Assert.Contains($"up{{instance=\"127.0.0.1:{good.Url.Port}\",job=\"good\",site=\"dc1\"}} ", federate);
    }

    /// <summary>A fake site Prometheus that records the match[] of every request and answers one series (or a given body).</summary>
    private sealed class RecordingSource : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string[]> _matches = new();
        private LoopbackHttpServer? _server;

        public Uri Url => _server!.Url;

        public string[]? FirstMatch => _matches.TryPeek(out var m) ? m : null;

        public static async Task<RecordingSource> StartAsync(string? body = null)
        {
            var source = new RecordingSource();
            source._server = await LoopbackHttpServer.StartAsync(ctx =>
            {
                source._matches.Enqueue([.. ctx.Request.Query["match[]"].Select(v => v!)]);
                ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                return ctx.Response.WriteAsync(body ?? $"http_requests_total{{code=\"500\",instance=\"a\",job=\"api\"}} 3 {now}\n");
            });
            return source;
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
