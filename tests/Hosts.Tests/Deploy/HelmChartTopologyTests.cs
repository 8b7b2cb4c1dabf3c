using Aggregator.Shared.Cli;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Hosts.Tests.Deploy;

/// <summary>
/// The Helm chart renders topology.hocon and the rule files; the program's own `check config` must
/// accept what it renders, for every role and example, so that the chart and the program cannot
/// drift apart (issue 6).
/// </summary>
public class HelmChartTopologyTests
{
    public static TheoryData<string, HostRole, string[]> ValueSets => new()
    {
        { "defaults", HostRole.Aggregator, [] },
        { "aggregator-role", HostRole.Aggregator, ["ci/aggregator-values.yaml"] },
        { "node-role", HostRole.Node, ["ci/node-values.yaml"] },
        { "multi-site-global", HostRole.Aggregator, ["examples/multi-site/tree.yaml", "examples/multi-site/global.yaml"] },
        { "multi-site-dc1", HostRole.Node, ["examples/multi-site/tree.yaml", "examples/multi-site/site-dc1.yaml"] },
        { "multi-site-dc2", HostRole.Node, ["examples/multi-site/tree.yaml", "examples/multi-site/site-dc2.yaml"] },
    };

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task CheckConfig_ChartRenderedTopology_ExitsZero(string name, HostRole role, string[] valuesFiles)
    {
        using var mounted = await MountedConfig.RenderAsync(valuesFiles);
        var (exit, output) = await CheckConfigAsync(mounted.TopologyPath, role);
        Assert.True(exit == 0, $"check config rejected the chart's topology ({name}), exit {exit}:\n{output}\n--- topology.hocon\n{mounted.Topology}");
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Load_ChartRenderedTopology_HasTheNodeEveryPodRunsListeningOnTheContainerPort(string name, HostRole role, string[] valuesFiles)
    {
        using var mounted = await MountedConfig.RenderAsync(valuesFiles);
        var result = TopologyLoader.Load(mounted.TopologyPath);
        Assert.True(result.IsValid, $"{name}: {string.Join('\n', result.Errors)}");
        var workload = await HelmChart.RenderManifestAsync(
            role == HostRole.Aggregator ? "templates/statefulset.yaml" : "templates/deployment.yaml", valuesFiles);
        var container = (YamlMappingNode)((YamlSequenceNode)At(workload, "spec", "template", "spec", "containers")).Children[0];
        int port = int.Parse(Scalar(((YamlSequenceNode)At(container, "ports")).Children[0], "containerPort"));
        Assert.Contains("$(AGGREGATOR_NODE_ID)", ((YamlSequenceNode)At(container, "args")).Children.Select(a => ((YamlScalarNode)a).Value));
        // Note: the forward queues must live on the data volume, or a restart would lose what waits in them.
        var dataDir = ((YamlSequenceNode)At(container, "env")).Children.Cast<YamlMappingNode>().Single(e => Scalar(e, "name") == "AGGREGATOR_DATA_DIR");
        var mounts = ((YamlSequenceNode)At(container, "volumeMounts")).Children.Cast<YamlMappingNode>();
        Assert.Contains(mounts, m => Scalar(m, "mountPath") == Scalar(dataDir, "value") && Scalar(m, "name") == "data");

        if (role == HostRole.Aggregator)
        {
            // Note: each StatefulSet pod runs --node <its pod name>, so every pod name must be a ring member.
            string statefulSet = Scalar(workload, "metadata", "name");
            int replicas = int.Parse(Scalar(workload, "spec", "replicas"));
            for (int i = 0; i < replicas; i++)
            {
                var node = result.Topology!.FindNode($"{statefulSet}-{i}");
                Assert.True(node is not null, $"{name}: pod {statefulSet}-{i} has no node in the topology");
                Assert.Equal(NodeRole.Aggregator, node.Role);
                Assert.Equal(port, node.Listen.Port);
            }
        }
        else
        {
            var env = ((YamlSequenceNode)At(container, "env")).Children.Cast<YamlMappingNode>();
            string id = Scalar(env.Single(e => Scalar(e, "name") == "AGGREGATOR_NODE_ID"), "value");
            var node = result.Topology!.FindNode(id);
            Assert.True(node is not null, $"{name}: the Node runs --node {id}, which the topology lacks");
            Assert.Equal(NodeRole.Node, node.Role);
            Assert.Equal("0.0.0.0", node.Listen.Host);
            Assert.Equal(port, node.Listen.Port);
        }
    }

    [Fact]
    public async Task CheckConfig_ChartTopologyWithInvalidExtraHocon_ReportsTheKey()
    {
        using var mounted = await MountedConfig.RenderAsync(["ci/aggregator-values.yaml"], ["topology.extraHocon=lookback = soon"]);
        var (exit, output) = await CheckConfigAsync(mounted.TopologyPath, HostRole.Aggregator);
        Assert.NotEqual(0, exit);
        Assert.Contains("lookback", output);
    }

    private static async Task<(int Exit, string Output)> CheckConfigAsync(string file, HostRole role)
    {
        var output = new StringWriter();
        var console = new CliConsole(output, output, () => Stream.Null);
        var exit = await CliApp.RunAsync(["check", "config", file], role, console);
        return (exit, output.ToString());
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }
        return node;
    }

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    /// <summary>The two ConfigMaps laid out as a pod sees them: topology.hocon beside rules/.</summary>
    private sealed class MountedConfig : IDisposable
    {
        private readonly string _dir;

        private MountedConfig(string dir, string topology)
        {
            _dir = dir;
            Topology = topology;
        }

        public string Topology { get; }

        public string TopologyPath => Path.Combine(_dir, "topology.hocon");

        public static async Task<MountedConfig> RenderAsync(string[] valuesFiles, string[]? sets = null)
        {
            var topology = await HelmChart.RenderConfigMapAsync("templates/configmap-topology.yaml", valuesFiles, sets);
            var rules = await HelmChart.RenderConfigMapAsync("templates/configmap-rules.yaml", valuesFiles, sets);
            var dir = Directory.CreateTempSubdirectory("aggregator-chart-").FullName;
            Directory.CreateDirectory(Path.Combine(dir, "rules"));
            foreach (var (name, content) in rules)
            {
                await File.WriteAllTextAsync(Path.Combine(dir, "rules", name), content);
            }
            var text = topology["topology.hocon"];
            await File.WriteAllTextAsync(Path.Combine(dir, "topology.hocon"), text);
            return new MountedConfig(dir, text);
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}
