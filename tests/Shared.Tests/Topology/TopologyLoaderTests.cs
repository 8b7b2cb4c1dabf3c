using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Topology;

public class TopologyLoaderTests
{
    private static readonly string Corpus = Path.Combine(RepoPaths.Root, "tests", "Shared.Tests", "Topology", "TestData");

    public static TheoryData<string> BrokenFiles() => [.. Directory.GetFiles(Corpus, "*.hocon").Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public void Load_RepositoryTopology_IsValidWithDefaultsApplied()
    {
        var result = TopologyLoader.Load(Path.Combine(RepoPaths.Root, "topology.hocon"), _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var topology = result.Topology!;
        Assert.Equal("site", topology.SiteLabel);
        Assert.Equal(TimeSpan.FromMinutes(5), topology.Lookback);
        var ring = Assert.Single(topology.Rings);
        Assert.Equal((256, 2), (ring.Shards, ring.ReplicationFactor));
        Assert.Equal(["agg-0", "agg-1", "agg-2"], ring.Members);
        Assert.All(ring.RuleFiles.Concat(topology.Nodes.SelectMany(n => n.RuleFiles)), f => Assert.True(File.Exists(f), f));
        var dc1 = topology.FindNode("dc1")!;
        Assert.Equal((NodeRole.Node, "global", "dc1"), (dc1.Role, dc1.Parent, dc1.Site));
        var ha = Assert.Single(dc1.Sources);
        Assert.Equal(2, ha.Urls.Count);
        Assert.Equal(TimeSpan.FromSeconds(2), ha.Jitter);
        Assert.Equal(64L << 20, ha.BodySizeLimit);
        Assert.Equal(new Uri("http://127.0.0.1:9201"), topology.FindNode("agg-0")!.Listen);
        Assert.Equal(TimeSpan.FromSeconds(30), topology.FindNode("dc2")!.Sources[0].Interval);
    }

    [Fact]
    public void Load_EnvironmentVariable_OverridesOptionalSubstitution()
    {
        var result = TopologyLoader.Load(Path.Combine(RepoPaths.Root, "topology.hocon"), name => name == "AGGREGATOR_LOOKBACK" ? "10m" : null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(TimeSpan.FromMinutes(10), result.Topology!.Lookback);
    }

    [Fact]
    public void LoadText_UserDefaults_ApplyToEveryEntryAndListenDefaultsToUrl()
    {
        var text = """
            aggregator {
              defaults.source { interval = 1m, timeout = 5s }
              defaults.ring.replication-factor = 2
              rings.global { members = [a, b] }
              nodes {
                a { role = aggregator, ring = global, url = "http://a:1" }
                b { role = aggregator, ring = global, url = "http://b:1", listen = "http://0.0.0.0:1" }
                s { role = node, parent = global, url = "http://s:1", sources = [{ name = p, urls = ["http://p:9090"] }, { name = q, urls = ["http://q:9090"], interval = 10s }] }
              }
            }
            """;
        var result = TopologyLoader.LoadText(text, "t.hocon", Path.GetTempPath(), _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var topology = result.Topology!;
        Assert.Equal(2, topology.Rings[0].ReplicationFactor);
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)], topology.FindNode("s")!.Sources.Select(s => s.Interval));
        Assert.Equal(TimeSpan.FromSeconds(5), topology.FindNode("s")!.Sources[1].Timeout);
        Assert.Equal(new Uri("http://a:1"), topology.FindNode("a")!.Listen);
        Assert.Equal(new Uri("http://0.0.0.0:1"), topology.FindNode("b")!.Listen);
    }

    [Fact]
    public void LoadText_SourceWithoutHonorLabels_HonorsLabelsAsFederationDoes()
    {
        // A minimal source must keep the data's own job label: federation is configured with honor_labels: true.
        var text = """
            aggregator {
              rings.global { members = [a] }
              nodes {
                a { role = aggregator, ring = global, url = "http://a:1" }
                s { role = node, parent = global, url = "http://s:1", sources = [{ name = p, urls = ["http://p:9090"] }, { name = q, urls = ["http://q:9090"], honor-labels = false }] }
              }
            }
            """;
        var result = TopologyLoader.LoadText(text, "t.hocon", Path.GetTempPath(), _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal([true, false], result.Topology!.FindNode("s")!.Sources.Select(s => s.HonorLabels));
    }

    [Fact]
    public void LoadText_SourceWithoutReplicaLabels_DropsTheUsualHaReplicaLabels()
    {
        var text = """
            aggregator {
              rings.global { members = [a] }
              nodes {
                a { role = aggregator, ring = global, url = "http://a:1" }
                s { role = node, parent = global, url = "http://s:1", sources = [{ name = p, urls = ["http://p:9090"] }, { name = q, urls = ["http://q:9090"], replica-labels = [] }] }
              }
            }
            """;
        var result = TopologyLoader.LoadText(text, "t.hocon", Path.GetTempPath(), _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var sources = result.Topology!.FindNode("s")!.Sources;
        Assert.Equal(["prometheus_replica", "replica"], sources[0].ReplicaLabels);
        Assert.Empty(sources[1].ReplicaLabels);
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Load_BrokenFile_ReportsEveryProblemWithFileLineColumn(string name)
    {
        var result = TopologyLoader.Load(Path.Combine(Corpus, name), _ => null);
        Assert.False(result.IsValid);
        var actual = result.Errors.Select(e =>
            $"{Path.GetFileName(e.Position.File)}:{e.Position.Line}:{e.Position.Column}: " + (e.Path.Length == 0 ? "" : e.Path + ": ") + e.Message.Replace(Corpus + Path.DirectorySeparatorChar, "<dir>/"));
        var expected = File.ReadAllLines(Path.Combine(Corpus, Path.ChangeExtension(name, ".expected")));
        Assert.Equal(expected, actual);
        Assert.All(result.Errors, e => Assert.True(e.Position.Line > 0, e.ToString()));
    }

    [Fact]
    public void Load_MissingFile_IsOneClearError()
    {
        var result = TopologyLoader.Load(Path.Combine(Corpus, "no-such.hocon"));
        Assert.Contains("file not found", Assert.Single(result.Errors).Message);
    }
}
