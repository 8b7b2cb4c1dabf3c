using System.Diagnostics;
using System.Globalization;
using Prometheus;

namespace Aggregator.Shared.Diagnostics;

/// <summary>
/// The process families of <c>/metrics</c>: those prometheus-net's <c>DotNetStats</c> had (same names, help and types:
/// <c>process_cpu_seconds_total</c>, <c>process_start_time_seconds</c>, memory, handles, threads,
/// <c>dotnet_collection_count_total</c>, <c>dotnet_total_memory_bytes</c>) and those of Prometheus's own client
/// libraries (<c>process_resident_memory_bytes</c>, <c>process_open_fds</c>, <c>process_max_fds</c>), read at each collection.
/// <para>
/// Why not <c>DotNetStats</c>: its <c>Process.HandleCount</c> and our old fd count each listed <c>/proc/self/fd</c>
/// through .NET's directory enumeration, which stats every entry because each is a symbolic link: with ~250 descriptors
/// that was over half of the 17 ms one scrape of a Node took (BENCHMARKS.md "Session 7, helper idle"). Here one
/// listing of <c>/proc/self/fdinfo</c> (plain files: nothing to stat) counts them, and <c>/proc/self/status</c> gives
/// memory and threads in one read.
/// </para>
/// </summary>
internal static class ProcessResourceMetrics
{
    private const string FdInfoDirectory = "/proc/self/fdinfo";
    private const string StatusFile = "/proc/self/status";
    private const string LimitsFile = "/proc/self/limits";

    public static void Register(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var collections = factory.CreateCounter("dotnet_collection_count_total", "GC collection count", "generation");
        var generations = Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => collections.WithLabels(g.ToString(CultureInfo.InvariantCulture))).ToArray();
        factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
            .Set((Process.GetCurrentProcess().StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
        var cpu = factory.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        var virtualBytes = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        var workingSet = factory.CreateGauge("process_working_set_bytes", "Process working set");
        var privateBytes = factory.CreateGauge("process_private_memory_bytes", "Process private memory size");
        var handles = factory.CreateGauge("process_open_handles", "Number of open handles");
        var threads = factory.CreateGauge("process_num_threads", "Total number of threads");
        var managed = factory.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory");
        var resident = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        Prometheus.Gauge? openFds = null, maxFds = null;
        if (Directory.Exists(FdInfoDirectory))
        {
            openFds = factory.CreateGauge("process_open_fds", "Number of open file descriptors.");
            maxFds = factory.CreateGauge("process_max_fds", "Maximum number of open file descriptors.");
        }
        registry.AddBeforeCollectCallback(() =>
        {
            for (int g = 0; g < generations.Length; g++)
            {
                generations[g].IncTo(GC.CollectionCount(g));
            }
            cpu.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
            managed.Set(GC.GetTotalMemory(forceFullCollection: false));
            var status = ReadStatus();
            long rss = status?.ResidentBytes ?? Environment.WorkingSet;
            resident.Set(rss);
            workingSet.Set(rss);
            if (status is { } s)
            {
                virtualBytes.Set(s.VirtualBytes);
                privateBytes.Set(s.PrivateBytes);
                threads.Set(s.Threads);
            }
            else
            {
                using var process = Process.GetCurrentProcess();
                virtualBytes.Set(process.VirtualMemorySize64);
                privateBytes.Set(process.PrivateMemorySize64);
                threads.Set(process.Threads.Count);
            }
            if (openFds is not null && maxFds is not null)
            {
                // Note: the listing's own descriptor is counted too, as Prometheus's Go collector counts its own.
                int open = OpenDescriptors();
                openFds.Set(open);
                handles.Set(open);
                if (MaxOpenFiles() is { } max)
                {
                    maxFds.Set(max);
                }
            }
            else
            {
                using var process = Process.GetCurrentProcess();
                handles.Set(process.HandleCount);
            }
        });
    }

    /// <summary>Open file descriptors: one entry each in /proc/self/fdinfo, listed without a stat per entry.</summary>
    internal static int OpenDescriptors() => Directory.EnumerateFiles(FdInfoDirectory).Count();

    /// <summary>Memory and thread figures of /proc/self/status (what <see cref="Process"/> reads there too), or null when unreadable.</summary>
    internal static ProcessStatus? ReadStatus()
    {
        try
        {
            return ParseStatus(File.ReadLines(StatusFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Note: no /proc (not Linux, or a sandbox): the caller asks Process instead.
            return null;
        }
    }

    /// <summary>VmSize, VmRSS, VmData (kB) and Threads from the lines of a /proc/PID/status file; null when one is missing.</summary>
    internal static ProcessStatus? ParseStatus(IEnumerable<string> lines)
    {
        long? size = null, rss = null, data = null, threads = null;
        foreach (var line in lines)
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }
            var key = line.AsSpan(0, colon);
            if (key.SequenceEqual("VmSize"))
            {
                size = Kilobytes(line, colon);
            }
            else if (key.SequenceEqual("VmRSS"))
            {
                rss = Kilobytes(line, colon);
            }
            else if (key.SequenceEqual("VmData"))
            {
                data = Kilobytes(line, colon);
            }
            else if (key.SequenceEqual("Threads"))
            {
                threads = Number(line, colon);
            }
        }
        return size is { } s && rss is { } r && data is { } d && threads is { } t ? new ProcessStatus(s, r, d, (int)t) : null;
    }

    private static long? Kilobytes(string line, int colon) =>
        Number(line.Replace(" kB", "", StringComparison.Ordinal), colon) is { } kb ? kb * 1024 : null;

    private static long? Number(string line, int colon) =>
        long.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

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

    /// <summary>What /proc/self/status says of the process: virtual, resident and private (VmData) bytes, threads.</summary>
    internal readonly record struct ProcessStatus(long VirtualBytes, long ResidentBytes, long PrivateBytes, int Threads);
}
