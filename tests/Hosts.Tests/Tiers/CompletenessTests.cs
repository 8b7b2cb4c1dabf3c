using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Shared.Cluster;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Tiers;

public class CompletenessTests
{
    private static string Ring(int[] ports) => $$"""
        aggregator {
          rings { global { replication-factor = 2, members = [agg-0, agg-1, agg-2] } }
          nodes {
            agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{ports[0]}}", cluster-port = {{FreeTcpPort.Next()}} }
            agg-1 { role = aggregator, ring = global, url = "http://127.0.0.1:{{ports[1]}}", cluster-port = {{FreeTcpPort.Next()}} }
            agg-2 { role = aggregator, ring = global, url = "http://127.0.0.1:{{ports[2]}}", cluster-port = {{FreeTcpPort.Next()}} }
          }
        }
        """;

    private static double Metric(string metrics, string series)
    {
        var match = Regex.Match(metrics, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    }

    [Fact]
    public async Task RingMember_SitesPushSeries_ReportsLastSeenSeriesShardsAndMembersUpFromTheCluster()
    {
        var dir = Directory.CreateTempSubdirectory("completeness-").FullName;
        int[] ports = [FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next()];
        var topology = TierHosts.Load(dir, Ring(ports));
        var data = Path.Combine(dir, "data");
        await using var agg0 = await TierHosts.StartAsync(topology, "agg-0", data);
        await using var agg1 = await TierHosts.StartAsync(topology, "agg-1", data);
        var agg2 = await TierHosts.StartAsync(topology, "agg-2", data);
        using var http = new HttpClient();
        var self = topology.FindNode("agg-0")!.Url;
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await TierHosts.PushAsync(http, self,
            TierHosts.Series(now, 1, "__name__", "job:x:sum", "job", "a", "site", "dc1"),
            TierHosts.Series(now, 2, "__name__", "job:x:sum", "job", "b", "site", "dc1"),
            TierHosts.Series(now, 3, "__name__", "job:x:sum", "job", "a", "site", "dc2"));
        // Note: members reach Up in the leader's gossip one by one, so the poll waits for each of the three, not only the last.
        var metrics = await TierHosts.PollAsync(http, $"{self}metrics",
            m => Metric(m, "aggregator_site_series{site=\"dc2\"}") == 1
                && Enumerable.Range(0, 3).All(i => Metric(m, $"aggregator_ring_member_up{{member=\"agg-{i}\",ring=\"global\"}}") == 1));

        Assert.Equal(2, Metric(metrics, "aggregator_site_series{site=\"dc1\"}"));
        Assert.Equal(1, Metric(metrics, "aggregator_site_series{site=\"dc2\"}"));
        Assert.InRange(Metric(metrics, "aggregator_site_last_seen_timestamp_seconds{site=\"dc1\"}"), before, before + 60);
        Assert.Equal(3, Enumerable.Range(0, 3).Sum(i => Metric(metrics, $"aggregator_ring_member_up{{member=\"agg-{i}\",ring=\"global\"}}")));
        double owned = 0;
        foreach (var port in ports)
        {
            var m = await TierHosts.PollAsync(http, $"http://127.0.0.1:{port}/metrics", m => m.Contains("aggregator_ring_shards_owned{"));
            owned += Metric(m, "aggregator_ring_shards_owned{ring=\"global\"}");
        }
        // Note: the shard regions place a shard once one of its sites writes, on one member only.
        var extractor = new SiteMessageExtractor(256);
        Assert.Equal(new[] { "dc1", "dc2" }.Select(site => extractor.ShardId(site, null)).Distinct().Count(), owned);

        await agg2.StopAsync();
        await agg2.DisposeAsync();
        metrics = await TierHosts.PollAsync(http, $"{self}metrics", m => Metric(m, "aggregator_ring_member_up{member=\"agg-2\",ring=\"global\"}") == 0);
        Assert.Equal(0, Metric(metrics, "aggregator_ring_member_up{member=\"agg-2\",ring=\"global\"}"));
        Assert.Equal(1, Metric(metrics, "aggregator_ring_member_up{member=\"agg-1\",ring=\"global\"}"));
    }

    [Fact]
    public async Task ThreeLevelTree_SiteSeries_PassThroughRegionRingToGlobalFederate()
    {
        var dir = Directory.CreateTempSubdirectory("three-level-").FullName;
        int global = FreeTcpPort.Next(), region = FreeTcpPort.Next(), site = FreeTcpPort.Next();
        TierHosts.WriteJobLevelRules(dir);
        var topology = TierHosts.Load(dir, $$"""
            aggregator {
              rings {
                global { members = [g-0] }
                eu { members = [eu-0], parent = global }
              }
              nodes {
                g-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{global}}", cluster-port = {{FreeTcpPort.Next()}} }
                eu-0 { role = aggregator, ring = eu, url = "http://127.0.0.1:{{region}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = eu, url = "http://127.0.0.1:{{site}}", rule-files = ["site.yml"] }
              }
            }
            """);
        var data = Path.Combine(dir, "data");
        await using var g0 = await TierHosts.StartAsync(topology, "g-0", data);
        await using var eu0 = await TierHosts.StartAsync(topology, "eu-0", data);
        await using var dc1 = await TierHosts.StartAsync(topology, "dc1", data);
        using var http = new HttpClient();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await TierHosts.PushAsync(http, topology.FindNode("dc1")!.Url,
            TierHosts.Series(now, 5, "__name__", "http_requests_total", "job", "api", "instance", "a"),
            TierHosts.Series(now, 7, "__name__", "http_requests_total", "job", "api", "instance", "b"));

        var url = $"http://127.0.0.1:{global}/federate?match[]=job:http_requests:sum";
        var body = await TierHosts.PollAsync(http, url, b => b.Contains("job:http_requests:sum{"));
        Assert.Contains("job:http_requests:sum{job=\"api\",site=\"dc1\",instance=\"\"} 12", body);
        var regionView = await http.GetStringAsync($"http://127.0.0.1:{region}/federate?match[]=job:http_requests:sum");
        Assert.Contains("job:http_requests:sum{job=\"api\",site=\"dc1\",instance=\"\"} 12", regionView);
        // Note: a site Node is outside its parent ring's cluster, so it probes the ring's members itself.
        var nodeMetrics = await TierHosts.PollAsync(http, $"http://127.0.0.1:{site}/metrics", m => Metric(m, "aggregator_ring_member_up{member=\"eu-0\",ring=\"eu\"}") == 1);
        Assert.Equal(1, Metric(nodeMetrics, "aggregator_ring_member_up{member=\"eu-0\",ring=\"eu\"}"));
        Assert.DoesNotContain("aggregator_ring_shards_owned{", nodeMetrics);
    }
}
