using System.Globalization;
using System.Reflection;

namespace Aggregator.Shared.Demo;

/// <summary>
/// Writes the demo tree's <c>topology.hocon</c> and its two rule files into a directory: three sites
/// (dc1 polls an HA pair of sources, dc2 and dc3 one source each) forwarding to a global ring of
/// three Aggregators with replication factor 2.
/// </summary>
internal static class DemoTopology
{
    public const string FileName = "topology.hocon";

    /// <summary>Writes the files and returns the topology's path.</summary>
    public static string Write(string directory, DemoLayout layout)
    {
        Directory.CreateDirectory(directory);
        CopyResource("site.yml", directory);
        CopyResource("global.yml", directory);
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(layout));
        return path;
    }

    public static string Render(DemoLayout layout)
    {
        string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"\"http://127.0.0.1:{port}\"");
        var s = layout.SourcePorts;
        var members = string.Join(", ", Enumerable.Range(0, layout.AggregatorPorts.Count).Select(i => $"agg-{i}"));
        var aggregators = string.Join("\n", layout.AggregatorPorts.Select((port, i) =>
            $"    agg-{i} {{ role = aggregator, ring = global, url = {Url(port)}, cluster-port = {layout.ClusterPorts[i]} }}"));
        return $$"""
            # The demo tree, written by `Aggregator demo`. Every process of the tree reads this file and picks its part.
            aggregator {
              lookback = 5m
              # honor-labels: the sources' own job and instance labels are kept, as Prometheus federation is set up.
              defaults.source { interval = 5s, timeout = 4s, jitter = 1s, honor-labels = true }
              rings {
                global { shards = 256, replication-factor = 2, members = [{{members}}], rule-files = ["global.yml"] }
              }
              nodes {
            {{aggregators}}
                dc1 {
                  role = node, parent = global, url = {{Url(layout.NodePorts[0])}}, rule-files = ["site.yml"]
                  sources = [{ name = prom-ha, urls = [{{Url(s[0])}}, {{Url(s[1])}}] }]   # an HA pair
                }
                dc2 {
                  role = node, parent = global, url = {{Url(layout.NodePorts[1])}}, rule-files = ["site.yml"]
                  sources = [{ name = prom, urls = [{{Url(s[2])}}] }]
                }
                dc3 {
                  role = node, parent = global, url = {{Url(layout.NodePorts[2])}}, rule-files = ["site.yml"]
                  sources = [{ name = prom, urls = [{{Url(s[3])}}] }]
                }
              }
            }

            """;
    }

    private static void CopyResource(string name, string directory)
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream("Aggregator.Shared.Demo." + name)
            ?? throw new InvalidOperationException($"embedded demo file {name} is missing from {assembly.GetName().Name}");
        using var file = File.Create(Path.Combine(directory, name));
        stream.CopyTo(file);
    }
}
