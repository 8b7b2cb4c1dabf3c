using System.Globalization;
using Prometheus;

namespace Aggregator.Shared.Diagnostics;

/// <summary>
/// The Linux process metrics of Prometheus's own client libraries that prometheus-net's <see cref="DotNetStats"/> does
/// not have: <c>process_resident_memory_bytes</c>, <c>process_open_fds</c> and <c>process_max_fds</c>, read from
/// /proc at each collection. Elsewhere only the resident memory is known.
/// </summary>
internal static class ProcessResourceMetrics
{
    private const string FdDirectory = "/proc/self/fd";
    private const string LimitsFile = "/proc/self/limits";

    public static void Register(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var resident = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        Prometheus.Gauge? openFds = null, maxFds = null;
        if (Directory.Exists(FdDirectory))
        {
            openFds = factory.CreateGauge("process_open_fds", "Number of open file descriptors.");
            maxFds = factory.CreateGauge("process_max_fds", "Maximum number of open file descriptors.");
        }
        registry.AddBeforeCollectCallback(() =>
        {
            resident.Set(Environment.WorkingSet);
            if (openFds is not null && maxFds is not null)
            {
                // Note: the enumeration's own descriptor is counted too, as Prometheus's Go collector counts its own.
                openFds.Set(Directory.EnumerateFileSystemEntries(FdDirectory).Count());
                if (MaxOpenFiles() is { } max)
                {
                    maxFds.Set(max);
                }
            }
        });
    }

    /// <summary>The soft limit of "Max open files" in /proc/self/limits, or null when unreadable or unlimited.</summary>
    internal static double? MaxOpenFiles()
    {
        try
        {
            foreach (var line in File.ReadLines(LimitsFile))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return double.TryParse(soft, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
                }
            }
        }
        catch (IOException)
        {
            // Note: no /proc (not Linux, or a sandbox): the gauge keeps its last value.
        }
        return null;
    }
}
