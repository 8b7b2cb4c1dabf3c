using System.Globalization;
using Aggregator.Shared.Synthetic;

namespace Aggregator.Benchmarks.Federation;

/// <summary>
/// Serves the side-by-side harness's synthetic series as Prometheus-like <c>/federate</c> sources on 127.0.0.1,
/// so a real Node can poll them while <c>/federate</c> is profiled with no Prometheus running (BENCHMARKS.md,
/// "Node /federate, fixed per-request cost"). Usage: <c>Aggregator.Benchmarks synthetic-sources SERIES</c>;
/// prints one URL per line, then serves until stdin closes or the process is stopped.
/// </summary>
internal static class SyntheticSourcesDriver
{
    public static async Task RunAsync(string[] args)
    {
        int series = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 32_000;
        var sources = new List<SyntheticPrometheus>();
        foreach (var workload in SyntheticStore.Workloads(series))
        {
            sources.Add(await SyntheticPrometheus.StartAsync(workload.Options));
        }
        foreach (var source in sources)
        {
            Console.WriteLine(source.Url);
        }
        await Console.Out.FlushAsync();
        try
        {
            await Task.Delay(Timeout.Infinite);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }
}
