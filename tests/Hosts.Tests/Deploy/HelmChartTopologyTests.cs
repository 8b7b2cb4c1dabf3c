using Aggregator.Shared.Cli;
using Aggregator.Tests.Common;

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
