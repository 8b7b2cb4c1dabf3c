using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Tests.Common;

/// <summary>
/// Renders deploy/helm/aggregator with the helm that scripts/install-k8s-tools.sh installs
/// (K8S_TOOLS_HOME, default .tools/chart-tools), offline: `helm template` never talks to a cluster.
/// </summary>
public static class HelmChart
{
    /// <summary>The chart directory.</summary>
    public static string Directory => Path.Combine(RepoPaths.Root, "deploy", "helm", "aggregator");

    /// <summary>The helm binary; fails the test clearly when the tooling is not installed.</summary>
    public static string HelmBinary
    {
        get
        {
            var home = Environment.GetEnvironmentVariable("K8S_TOOLS_HOME");
            var dir = !string.IsNullOrEmpty(home) ? home : Path.Combine(RepoPaths.Root, ".tools", "chart-tools");
            var helm = Path.Combine(dir, "bin", "helm");
            return File.Exists(helm)
                ? helm
                : throw new InvalidOperationException($"helm not found at {helm}: run scripts/install-k8s-tools.sh");
        }
    }

    /// <summary>
    /// `helm template` of one template file (e.g. templates/configmap-topology.yaml) with values files
    /// (relative to the chart) and --set pairs; returns the rendered ConfigMap's data by key.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> RenderConfigMapAsync(
        string template, IEnumerable<string> valuesFiles, IEnumerable<string>? sets = null)
    {
        var root = await RenderManifestAsync(template, valuesFiles, sets);
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Children.TryGetValue(new YamlScalarNode("data"), out var node) && node is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                data[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value ?? "";
            }
        }
        return data;
    }

    /// <summary>`helm template` of one template file that renders one object; returns that object.</summary>
    public static async Task<YamlMappingNode> RenderManifestAsync(
        string template, IEnumerable<string> valuesFiles, IEnumerable<string>? sets = null)
    {
        var args = new List<string> { "template", "ci", Directory, "--namespace", "monitoring", "--show-only", template };
        foreach (var file in valuesFiles)
        {
            args.Add("-f");
            args.Add(Path.Combine(Directory, file));
        }
        foreach (var set in sets ?? [])
        {
            args.Add("--set");
            args.Add(set);
        }
        var (exit, stdout, stderr) = await RunHelmAsync(args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"helm {string.Join(' ', args)} failed ({exit}):\n{stderr}");
        }
        var stream = new YamlStream();
        stream.Load(new StringReader(stdout));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunHelmAsync(IEnumerable<string> args)
    {
        var home = Path.Combine(Path.GetTempPath(), "aggregator-helm-" + Environment.ProcessId);
        var psi = new ProcessStartInfo(HelmBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // Note: helm's caches and config go to a scratch folder, and no kubeconfig is ever read.
        psi.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        psi.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        psi.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");
        psi.Environment["KUBECONFIG"] = Path.Combine(home, "none");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
