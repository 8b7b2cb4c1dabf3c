using Aggregator.Shared.Actors;
using Aggregator.Shared.Model;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Tiers;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common.Actors;

namespace Aggregator.Shared.Tests.Tiers;

public class UpstreamRouterTests
{
    private static TopologyConfig Topology(int members) => TopologyLoader.LoadText($$"""
        aggregator {
          rings { global { replication-factor = 2, members = [{{string.Join(", ", Enumerable.Range(0, members).Select(i => $"agg-{i}"))}}] } }
          nodes {
            {{string.Join("\n", Enumerable.Range(0, members).Select(i => $"agg-{i} {{ role = aggregator, ring = global, url = \"http://127.0.0.1:{9200 + i}\", cluster-port = {9300 + i} }}"))}}
          }
        }
        """, "/tmp/t.hocon", "/tmp", _ => null).Topology!;

    [Fact]
    public async Task Route_ManySeries_EachOwnerGetsItsSeriesWithSiteLabelInBoundedBatches()
    {
        var topology = Topology(3);
        var system = ActorSystem.Create("router-test");
        var probes = new Dictionary<string, TestProbe>();
        var view = RingView.Create(topology, topology.Rings[0], SystemDnsResolver.Instance, TimeProvider.System, TimeSpan.FromMinutes(1));
        var router = new UpstreamRouter(view, member => (probes[member.Id] = new TestProbe(system, member.Id)).Ref, "site", "dc1");
        var samples = Enumerable.Range(0, 5000)
            .Select(i => (LabelSet.Of("__name__", "job:x:sum", "job", "j" + i), new Sample(1000, i)))
            .ToList();

        router.Route(samples);

        var ring = view.Ring;
        var expected = samples.SelectMany(s => ring.OwnersOf(ring.ShardOf(s.Item1.With("site", "dc1"), "site")).ToArray()).CountBy(o => o).ToDictionary();
        var received = new Dictionary<string, List<LabelSet>>();
        foreach (var (member, probe) in probes)
        {
            received[member] = [];
            while (received[member].Count < expected[member])
            {
                var batch = await probe.ExpectMsgAsync<ForwardSamples>();
                Assert.InRange(batch.Series.Count, 1, UpstreamRouter.MaxSeriesPerBatch);
                received[member].AddRange(batch.Series.Select(s => s.Labels));
            }
        }
        foreach (var (labels, _) in samples)
        {
            var withSite = labels.With("site", "dc1");
            var owners = ring.OwnersOf(ring.ShardOf(withSite, "site")).ToArray();
            Assert.Equal(2, owners.Length);
            Assert.All(owners, owner => Assert.Contains(withSite, received[owner]));
        }
        Assert.Equal(2 * samples.Count, received.Values.Sum(l => l.Count));
    }
}
