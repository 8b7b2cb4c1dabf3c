using System.Net;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosts.Tests.Tiers;

public class TierComponentsTests
{
    private static TopologyConfig Topology(string dir, int aggPort, int nodePort)
    {
        TierHosts.WriteJobLevelRules(dir);
        var text = $$"""
            aggregator {
              rings { global { replication-factor = 1, members = [agg-0] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{aggPort}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{nodePort}}", rule-files = ["site.yml"], sources = [] }
              }
            }
            """;
        var result = TopologyLoader.LoadText(text, Path.Combine(dir, "topology.hocon"), dir, _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Topology!;
    }

    private static async Task<WebApplication> StartAsync(TopologyConfig topology, string id)
    {
        var node = topology.FindNode(id)!;
        var app = NodeHostBuilder.Build(new NodeContext(topology, node), new NodeHostOptions
        {
            ListenOverride = node.Url,
            Configure = builder => builder.Logging.ClearProviders(),
        });
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task SiteAndRing_PushedSeries_RuleResultReachesGlobalFederateWithSiteLabel()
    {
        var dir = Directory.CreateTempSubdirectory("tiers-").FullName;
        Environment.SetEnvironmentVariable("AGGREGATOR_DATA_DIR", Path.Combine(dir, "data"));
        int aggPort = FreeTcpPort.Next(), nodePort = FreeTcpPort.Next();
        var topology = Topology(dir, aggPort, nodePort);
        await using var aggregator = await StartAsync(topology, "agg-0");
        await using var site = await StartAsync(topology, "dc1");
        using var http = new HttpClient();

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var encoder = new RemoteWriteEncoder();
        var body = encoder.Encode(
        [
            new WriteSeries(LabelSet.Of("__name__", "http_requests_total", "job", "api", "instance", "a"), [new Sample(now, 1)]),
            new WriteSeries(LabelSet.Of("__name__", "http_requests_total", "job", "api", "instance", "b"), [new Sample(now, 2)]),
        ]);
        using var push = new ByteArrayContent(body.Compressed);
        push.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        push.Headers.TryAddWithoutValidation("Content-Encoding", "snappy");
        var pushed = await http.PostAsync($"http://127.0.0.1:{nodePort}/api/v1/write", push);
        Assert.Equal(HttpStatusCode.NoContent, pushed.StatusCode);

        var siteView = await http.GetStringAsync($"http://127.0.0.1:{nodePort}/federate?match[]=http_requests_total");
        Assert.Contains("http_requests_total{instance=\"a\",job=\"api\",site=\"dc1\"} 1", siteView);

        string global = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // Note: as Prometheus does, /federate adds instance="" to series without one (FEDERATE_SPEC §5).
        while (DateTime.UtcNow < deadline && !global.Contains("job:http_requests:sum"))
        {
            await Task.Delay(250);
            global = await http.GetStringAsync($"http://127.0.0.1:{aggPort}/federate?match[]={{__name__=~\"job:.*\"}}");
        }
        Assert.True(global.Contains("job:http_requests:sum{job=\"api\",site=\"dc1\",instance=\"\"} 3"), global);

        var drill = await http.GetStringAsync($"http://127.0.0.1:{aggPort}/sites/dc1/federate?match[]=http_requests_total");
        Assert.Contains("instance=\"b\"", drill);
        var unknown = await http.GetAsync($"http://127.0.0.1:{aggPort}/sites/nope/federate?match[]=up");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("dc1", await unknown.Content.ReadAsStringAsync());
    }
}
