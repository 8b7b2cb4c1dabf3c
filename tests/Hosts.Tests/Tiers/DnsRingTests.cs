using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Tiers;

public class DnsRingTests
{
    [Fact]
    public async Task DnsRing_MembersFromARecords_NodeForwardsAndMemberFindsItself()
    {
        var dir = Directory.CreateTempSubdirectory("dns-ring-").FullName;
        TierHosts.WriteJobLevelRules(dir);
        int aggPort = FreeTcpPort.Next(), nodePort = FreeTcpPort.Next();
        // Note: "localhost" has one A record, 127.0.0.1, so the ring has one member: 127.0.0.1:<aggPort>.
        var topology = TierHosts.Load(dir, $$"""
            aggregator {
              rings { global { dns = "localhost:{{aggPort}}" } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{aggPort}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{nodePort}}", rule-files = ["site.yml"] }
              }
            }
            """);
        var data = Path.Combine(dir, "data");
        await using var agg = await TierHosts.StartAsync(topology, "agg-0", data);
        await using var site = await TierHosts.StartAsync(topology, "dc1", data);
        using var http = new HttpClient();

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await TierHosts.PushAsync(http, topology.FindNode("dc1")!.Url,
            TierHosts.Series(now, 4, "__name__", "http_requests_total", "job", "api", "instance", "a"));

        var global = await TierHosts.PollAsync(http, $"http://127.0.0.1:{aggPort}/federate?match[]=job:http_requests:sum", b => b.Contains("job:http_requests:sum{"));
        Assert.Contains("job:http_requests:sum{job=\"api\",site=\"dc1\",instance=\"\"} 4", global);
        // Note: one member, one site: the site's shard is the only one placed.
        var metrics = await TierHosts.PollAsync(http, $"http://127.0.0.1:{aggPort}/metrics", m => m.Contains("aggregator_ring_shards_owned{ring=\"global\"} 1"));
        Assert.Contains("aggregator_ring_shards_owned{ring=\"global\"} 1", metrics);
        Assert.Contains($"aggregator_ring_member_up{{member=\"127.0.0.1:{aggPort.ToString(CultureInfo.InvariantCulture)}\",ring=\"global\"}} 1", metrics);
        var nodeMetrics = await http.GetStringAsync($"http://127.0.0.1:{nodePort}/metrics");
        Assert.Matches(new Regex("aggregator_forward_queue_batches\\{ring=\"global\"\\} \\d+"), nodeMetrics);
    }
}
