namespace Aggregator.Tests.Common;

/// <summary>Finds the checkout root, ../shared beside it, and tools installed by scripts/install-tools.sh.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The directory holding Aggregator.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>../shared beside the checkout (read-only test data and specs).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>../shared/conformance.</summary>
    public static string Conformance => Path.Combine(Shared, "conformance");

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
