namespace Aggregator.Tests.Common;

/// <summary>Finds the checkout root, the conformance data (../shared or an environment variable), and tools installed by scripts/install-tools.sh.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The directory holding Aggregator.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>../shared beside the checkout (read-only test data and specs).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The environment variable naming the conformance data directory (instead of ../shared/conformance).</summary>
    public const string ConformanceVariable = "AGGREGATOR_CONFORMANCE_DIR";

    /// <summary>
    /// External conformance data (PromQL .test files, OpenMetrics cases, golden captures): the directory named
    /// by <see cref="ConformanceVariable"/> when set, else ../shared/conformance beside the checkout.
    /// </summary>
    public static string Conformance
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable(ConformanceVariable);
            return !string.IsNullOrEmpty(fromEnv) ? Path.GetFullPath(fromEnv) : Path.Combine(Shared, "conformance");
        }
    }

    /// <summary>Whether <see cref="Conformance"/> exists (a clone with nothing beside it has none).</summary>
    public static bool HasConformance => Directory.Exists(Conformance);

    /// <summary>Why conformance tests are skipped, or null when the data is present.</summary>
    public static string? ConformanceSkipReason => HasConformance
        ? null
        : $"conformance data not found at {Conformance}: put it in ../shared/conformance beside the checkout or name its directory in {ConformanceVariable}";

    /// <summary>Files under <see cref="Conformance"/>/<paramref name="relativeDirectory"/>, none when the data is absent.</summary>
    public static string[] ConformanceFiles(string relativeDirectory, string pattern, SearchOption option = SearchOption.TopDirectoryOnly)
    {
        var dir = Path.Combine(Conformance, relativeDirectory);
        return Directory.Exists(dir) ? Directory.GetFiles(dir, pattern, option) : [];
    }

    /// <summary>The unpacked Prometheus 2.42 binaries (server and promtool), or null when absent.</summary>
    public static string? PrometheusBinDir
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("AGGREGATOR_PROMETHEUS_BIN");
            var dir = !string.IsNullOrEmpty(fromEnv) ? fromEnv : Path.Combine(Root, ".tools", "prometheus", "usr", "bin");
            return File.Exists(Path.Combine(dir, "prometheus")) ? dir : null;
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Aggregator.sln not found above " + AppContext.BaseDirectory);
    }
}
