using Aggregator.Shared.Synthetic;
using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Scraping;

/// <summary>
/// An HA pair of real Prometheus 2.42 servers told apart by their external label
/// (<c>prometheus_replica: a</c> / <c>b</c>, as prometheus-operator labels its pair), both scraping the same
/// frozen targets, polled by a Node whose source sets no <c>replica-labels</c> (the default drops
/// <c>prometheus_replica</c>). The active replica is killed: the Node's series keep their identity.
/// </summary>
public sealed class HaReplicaFailoverTests
{
    private static string ReplicaConfig(Uri target, string replica) => $$"""
        global:
          scrape_interval: 1s
          external_labels:
            prometheus_replica: {{replica}}
        scrape_configs:
          - job_name: targets
            honor_labels: true
            static_configs:
              - targets: ['{{target.Authority}}']
        """;

    [Fact]
    public async Task ActiveReplicaKilled_NodeFederate_KeepsEverySeriesIdentityWithoutStaleMarkers()
    {
        var dir = Directory.CreateTempSubdirectory("ha-replica-").FullName;
        var frozen = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var targets = await SyntheticPrometheus.StartAsync(new SyntheticSourceOptions { Seed = 3, Job = "api", Instances = 2 }, frozen);
        var replicaA = await PrometheusServer.StartAsync(ReplicaConfig(targets.Url, "a"));
        await using var replicaB = await PrometheusServer.StartAsync(ReplicaConfig(targets.Url, "b"));
        int aggPort = FreeTcpPort.Next(), nodePort = FreeTcpPort.Next();
        // Note: the ring member is never started: the Node's /federate serves its own store either way.
        var topology = TierHosts.Load(dir, $$"""
            aggregator {
              rings { global { members = [agg-0] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{aggPort}}" }
                dc1 {
                  role = node, parent = global, url = "http://127.0.0.1:{{nodePort}}"
                  sources = [{ name = pair, urls = ["{{replicaA.BaseAddress}}", "{{replicaB.BaseAddress}}"], match = ["{__name__=~\"http_requests_total\"}"], interval = 2s, timeout = 1900ms }]
                }
              }
            }
            """);
        await using var node = await TierHosts.StartAsync(topology, "dc1", Path.Combine(dir, "data"));
        using var http = new HttpClient();
        string federate = new Uri(topology.FindNode("dc1")!.Url, "federate?match[]=http_requests_total").ToString();
        async Task<Dictionary<string, double>> AtReplicaA() => FederateText.Parse(await replicaA.Http.GetStringAsync("federate?match[]=http_requests_total"));

        // The replicas' own /federate carries the replica label: there is something to drop.
        Assert.True(await PrometheusServer.EventuallyAsync(async () => (await AtReplicaA()).Count > 0, TimeSpan.FromSeconds(60)), replicaA.Log);
        var atA = await AtReplicaA();
        int expected = atA.Count;
        Assert.All(atA.Keys, k => Assert.Contains("prometheus_replica=\"a\"", k, StringComparison.Ordinal));
        var before = FederateText.Parse(await TierHosts.PollAsync(http, federate, b => FederateText.Parse(b).Count == expected));
        Assert.Equal(expected, before.Count);
        Assert.All(before.Keys, k => Assert.DoesNotContain("prometheus_replica", k, StringComparison.Ordinal));

        await replicaA.DisposeAsync();
        var status = new Uri(topology.FindNode("dc1")!.Url, "api/v1/topology").ToString();
        await TierHosts.PollAsync(http, status, b => b.Contains($"\"activeReplica\":\"{replicaB.BaseAddress}\"", StringComparison.Ordinal));
        // Note: every read across the failover must hold every series: a stale marker would make some vanish.
        // The 2 s interval leaves the first poll of B room on a loaded machine: a poll in which every
        // replica fails stale-marks the source's series, as a failed scrape does in Prometheus.
        var seenAfter = new List<Dictionary<string, double>>();
        for (int i = 0; i < 15; i++)
        {
            seenAfter.Add(FederateText.Parse(await http.GetStringAsync(federate)));
            await Task.Delay(200);
        }

        Assert.Contains($"\"activeReplica\":\"{replicaB.BaseAddress}\"", await http.GetStringAsync(status), StringComparison.Ordinal);
        Assert.All(seenAfter, after => Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal)));
        Assert.All(seenAfter, after => Assert.Equal(before, after));
        // The polls from B added no series: the same identities continued.
        var added = FederateText.Parse(await http.GetStringAsync(new Uri(topology.FindNode("dc1")!.Url, "federate?match[]=scrape_series_added")));
        Assert.Equal(0, Assert.Single(added, kv => kv.Key.Contains(replicaB.BaseAddress.Authority, StringComparison.Ordinal)).Value);
    }
}
