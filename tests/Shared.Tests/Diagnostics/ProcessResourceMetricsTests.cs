using Aggregator.Shared.Diagnostics;
using Prometheus;

namespace Aggregator.Shared.Tests.Diagnostics;

public class ProcessResourceMetricsTests
{
    private static readonly string[] Families =
    [
        "dotnet_collection_count_total", "process_start_time_seconds", "process_cpu_seconds_total", "process_virtual_memory_bytes",
        "process_working_set_bytes", "process_private_memory_bytes", "process_open_handles", "process_num_threads",
        "dotnet_total_memory_bytes", "process_resident_memory_bytes",
    ];

    [Fact]
    public async Task Register_Collected_ServesEveryFamilyDotNetStatsAndPrometheusClientsHave()
    {
        var registry = Metrics.NewCustomRegistry();
        ProcessResourceMetrics.Register(registry);

        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        var body = System.Text.Encoding.UTF8.GetString(text.ToArray());

        foreach (var family in Families)
        {
            Assert.Matches($"\n{family}(\\{{[^}}]*\\}})? [0-9.e+]+\n", "\n" + body);
        }
        if (OperatingSystem.IsLinux())
        {
            Assert.Matches("\nprocess_open_fds [1-9]", body);
            Assert.Matches("\nprocess_num_threads [1-9]", body);
        }
    }

    [Fact]
    public void OpenDescriptors_OnLinux_CountsWhatProcSelfFdLists()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // Note: the two listings each hold a descriptor of their own while they run; other threads of the test host open and close files meanwhile.
        int byFd = Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        int byFdInfo = ProcessResourceMetrics.OpenDescriptors();

        Assert.InRange(byFdInfo, Math.Max(1, byFd - 20), byFd + 20);
    }

    [Fact]
    public void ParseStatus_StatusFileLines_ReadsMemoryInBytesAndThreads()
    {
        string[] lines =
        [
            "Name:\tAggregator.Node",
            "VmPeak:\t 53227876 kB",
            "VmSize:\t 53186560 kB",
            "VmRSS:\t  125472 kB",
            "VmData:\t  187316 kB",
            "Threads:\t17",
        ];

        var status = ProcessResourceMetrics.ParseStatus(lines);

        Assert.Equal(new ProcessResourceMetrics.ProcessStatus(53186560L * 1024, 125472L * 1024, 187316L * 1024, 17), status);
    }

    [Fact]
    public void ParseStatus_LineMissingOrMalformed_IsUnknown()
    {
        Assert.Null(ProcessResourceMetrics.ParseStatus(["VmSize:\t 10 kB", "VmRSS:\t 5 kB", "Threads:\t3"]));
        Assert.Null(ProcessResourceMetrics.ParseStatus(["VmSize:\t ten kB", "VmRSS:\t 5 kB", "VmData:\t 1 kB", "Threads:\t3"]));
    }
}
