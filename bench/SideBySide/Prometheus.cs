namespace Aggregator.Bench.SideBySide;

/// <summary>Where the Prometheus 2.42 server binary is: <c>AGGREGATOR_PROMETHEUS_BIN</c>, else the checkout's <c>.tools</c>.</summary>
internal static class Prometheus
{
    public static string Binary(string repoRoot)
    {
        var fromEnv = Environment.GetEnvironmentVariable("AGGREGATOR_PROMETHEUS_BIN");
        var dir = !string.IsNullOrEmpty(fromEnv) ? fromEnv : Path.Combine(repoRoot, ".tools", "prometheus", "usr", "bin");
        var binary = Path.Combine(dir, "prometheus");
        return File.Exists(binary) ? binary : throw new InvalidOperationException($"{binary} not found: run scripts/install-tools.sh");
    }
}
