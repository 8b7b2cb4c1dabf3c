using Aggregator.Shared.Hosting;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.StatusPage;

public class StatusSnapshotBuilderSourcesTests
{
    [Fact]
    public void Build_SourceUrlWithPassword_MaskedInReplicasActiveReplicaAndError()
    {
        var result = TopologyLoader.LoadText("""
            aggregator {
              rings.global.members = [agg-0]
              nodes.agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:9201" }
              nodes.dc1 { role = node, parent = global, url = "http://127.0.0.1:9101",
                sources = [{ name = secret, urls = ["http://user:hunter2@127.0.0.1:9090"] }] }
            }
            """, "t.hocon", ".", _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var node = new NodeContext(result.Topology!, result.Topology!.FindNode("dc1")!);
        var url = new Uri("http://user:hunter2@127.0.0.1:9090/");
        var board = new SourceStatusBoard();
        board.Register([new ScrapeSourceOptions { Name = "secret", Urls = [url] }]);
        board.Publish(new SourceStatus("secret", [url], url,
            new PollReport(false, null, 1_000, TimeSpan.FromSeconds(1), 0, 0, 0, ScrapeFailureReason.Network, $"connection refused ({url})", 1),
            1, 0, new Dictionary<ScrapeFailureReason, long>()));

        var snapshot = new StatusSnapshotBuilder(node, new ReadinessGate(), new StatusBoards(), TimeProvider.System, sources: board).Build();

        var row = Assert.Single(snapshot.Sources);
        Assert.False(row.Up);
        Assert.Equal("http://user:xxxxx@127.0.0.1:9090/", row.ActiveReplica);
        Assert.Equal(["http://user:xxxxx@127.0.0.1:9090/"], row.Replicas);
        Assert.Equal("connection refused (http://user:xxxxx@127.0.0.1:9090/)", row.LastError);
    }
}
