using System.Globalization;
using System.Net;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Bench.SideBySide;

/// <summary>
/// The top's <c>/federate</c> side by side (issue 12): the same aggregated series (sites × job-level
/// series, as the global ring holds them) pushed by remote-write into a global Prometheus 2.42 and into
/// one Aggregator ring member, then <c>/federate</c> of every series fetched from both, alternating,
/// in text 0.0.4 and protobuf delimited (no compression), median of <see cref="BenchOptions.FederateRepeats"/>.
/// The member answers from its GlobalView store; Prometheus from its TSDB head.
/// </summary>
internal sealed class TopRun(BenchOptions options, int series, TextWriter log)
{
    /// <summary>Sites the series are spread over; each site has the same job-level names and jobs.</summary>
    public const int Sites = 16;

    private const string AggregatorId = "agg-0";
    private const int BatchSeries = 2_000;

    private static readonly string[] Names =
        ["job:http_requests:rate1m", "job:http_request_errors:rate1m", "job:http_request_duration_seconds:p90", "job:http_request_duration_seconds:p99",
         "job:http_requests_in_flight:avg", "job:process_cpu_seconds:rate1m", "job:process_resident_memory_bytes:sum", "job:up:sum"];

    private readonly List<ChildProcess> _processes = [];
    private readonly string _directory = Path.Combine(options.ResultsDirectory, "top" + series.ToString(CultureInfo.InvariantCulture));

    public async Task<TopResult> RunAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        Directory.CreateDirectory(_directory);
        string loadAtStart = LoadAverage();
        using var http = new HttpProbe();
        try
        {
            var prometheus = await StartPrometheusAsync(http).ConfigureAwait(false);
            var member = await StartMemberAsync(http).ConfigureAwait(false);
            var all = Generate(series, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Say($"pushing {all.Count:N0} aggregated series ({Sites} sites) to both");
            await PushAsync(http, prometheus, all).ConfigureAwait(false);
            await PushAsync(http, member, all).ConfigureAwait(false);
            await WaitHoldingAsync(http, prometheus, all.Count, "Prometheus").ConfigureAwait(false);
            await WaitHoldingAsync(http, member, all.Count, "the member").ConfigureAwait(false);

            var result = new TopResult { Series = all.Count, LoadAtStart = loadAtStart };
            foreach (var (format, accept) in new[] { ("text", HttpProbe.FederateAccept), ("protobuf", HttpProbe.ProtobufAccept) })
            {
                Say($"timing /federate ({format}), {options.FederateRepeats} fetches each, alternating");
                var theirs = new List<FederateTiming>();
                var ours = new List<FederateTiming>();
                for (int i = 0; i < options.FederateRepeats; i++)
                {
                    theirs.Add(await http.TimeFederateAsync(prometheus, BenchFiles.EverythingSelector, accept).ConfigureAwait(false));
                    ours.Add(await http.TimeFederateAsync(member, BenchFiles.EverythingSelector, accept).ConfigureAwait(false));
                }
                result.Formats.Add(new TopFormat(format, Median(theirs), Median(ours)));
            }
            return result with { LoadAtEnd = LoadAverage() };
        }
        finally
        {
            foreach (var process in Enumerable.Reverse(_processes))
            {
                process.Dispose();
            }
            var data = Path.Combine(_directory, "prometheus", "data");
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary><paramref name="count"/> series: every name × site × job, jobs as many as it takes, one sample each at <paramref name="nowMs"/>.</summary>
    internal static List<WriteSeries> Generate(int count, long nowMs)
    {
        var all = new List<WriteSeries>(count);
        for (int job = 0; all.Count < count; job++)
        {
            for (int site = 0; site < Sites && all.Count < count; site++)
            {
                for (int name = 0; name < Names.Length && all.Count < count; name++)
                {
                    var labels = LabelSet.Of("__name__", Names[name], "job", "job-" + job.ToString("D4", CultureInfo.InvariantCulture),
                        "site", "dc" + site.ToString("D2", CultureInfo.InvariantCulture));
                    all.Add(new WriteSeries(labels, [new Sample(nowMs, (job * 31 + site * 7 + name) * 0.25)]));
                }
            }
        }
        return all;
    }

    private static async Task PushAsync(HttpProbe http, Uri url, List<WriteSeries> all)
    {
        using var encoder = new RemoteWriteEncoder();
        for (int start = 0; start < all.Count; start += BatchSeries)
        {
            var body = encoder.Encode(all.GetRange(start, Math.Min(BatchSeries, all.Count - start)));
            var status = await http.PostRemoteWriteAsync(new Uri(url, "api/v1/write"), body.Compressed.ToArray()).ConfigureAwait(false);
            if (status is not (HttpStatusCode.NoContent or HttpStatusCode.OK))
            {
                throw new InvalidOperationException($"remote-write to {url} answered {(int)status}");
            }
        }
    }

    private async Task WaitHoldingAsync(HttpProbe http, Uri url, int count, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60 + count / 2_000.0);
        long held = 0;
        while (DateTime.UtcNow < deadline)
        {
            held = (await http.TimeFederateAsync(url, BenchFiles.EverythingSelector, HttpProbe.FederateAccept).ConfigureAwait(false)).Samples;
            if (held == count)
            {
                Say($"{what} holds all {count:N0} series");
                return;
            }
            await Task.Delay(500).ConfigureAwait(false);
        }
        throw new TimeoutException($"{what} holds {held:N0} of {count:N0} series; see the logs in {_directory}");
    }

    private async Task<Uri> StartPrometheusAsync(HttpProbe http)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_directory, "prometheus")).FullName;
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), "# Written by bench/SideBySide: a global Prometheus fed by remote-write only.\nglobal: {}\n");
        int port = SyntheticTargets.FreePort();
        string logPath = Path.Combine(dir, "prometheus.log");
        var process = Start("global", Prometheus.Binary(options.RepoRoot), [
            "--config.file=" + Path.Combine(dir, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(dir, "data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "--web.enable-remote-write-receiver",
            "--web.console.templates=" + Path.Combine(dir, "consoles"),
            "--web.console.libraries=" + Path.Combine(dir, "console_libraries"),
        ], dir, logPath);
        var url = new Uri($"http://127.0.0.1:{port}/");
        await http.WaitReadyAsync(new Uri(url, "-/ready"), "global Prometheus", process, TimeSpan.FromSeconds(60), logPath).ConfigureAwait(false);
        Say($"global Prometheus ready at {url} (pid {process.Pid})");
        return url;
    }

    private async Task<Uri> StartMemberAsync(HttpProbe http)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_directory, "ours")).FullName;
        int port = SyntheticTargets.FreePort();
        var topology = Path.Combine(dir, "topology.hocon");
        File.WriteAllText(topology, $$"""
            # Written by bench/SideBySide: one global ring member, fed by remote-write only.
            aggregator {
              site-label = site
              lookback = 5m
              rings { global { members = [{{AggregatorId}}] } }
              nodes {
                {{AggregatorId}} { role = aggregator, ring = global, url = "http://127.0.0.1:{{port}}", cluster-port = {{SyntheticTargets.FreePort()}} }
              }
            }
            """);
        var dll = options.HostDll("Aggregator", "Aggregator");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: build it first (bench/run.sh without --no-build, or dotnet build src/Aggregator -c Release)");
        }
        var environment = new Dictionary<string, string>(options.OursEnvironment) { ["AGGREGATOR_DATA_DIR"] = Path.Combine(dir, "data") };
        string logPath = Path.Combine(dir, AggregatorId + ".log");
        var process = Start(AggregatorId, "dotnet", [dll, "--config", topology, "--node", AggregatorId], dir, logPath, environment);
        var url = new Uri($"http://127.0.0.1:{port}/");
        await http.WaitReadyAsync(new Uri(url, "-/ready"), "Aggregator " + AggregatorId, process, TimeSpan.FromSeconds(60), logPath).ConfigureAwait(false);
        Say($"Aggregator {AggregatorId} ready at {url} (pid {process.Pid})");
        return url;
    }

    private ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = ChildProcess.Start(name, fileName, arguments, workingDirectory, logPath, environment);
        _processes.Add(process);
        return process;
    }

    private static FederateTiming Median(List<FederateTiming> timings) => timings.OrderBy(t => t.Seconds).ElementAt(timings.Count / 2);

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private void Say(string message) => log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] top n={series:N0}: {message}");
}

/// <summary>One top run: the series both hold, and per format Prometheus's and the member's median fetch.</summary>
internal sealed record TopResult
{
    public required int Series { get; init; }

    public List<TopFormat> Formats { get; init; } = [];

    public required string LoadAtStart { get; init; }

    public string LoadAtEnd { get; init; } = "";
}

/// <summary>One format's medians (Prometheus 2.42, ours).</summary>
internal sealed record TopFormat(string Format, FederateTiming Prometheus, FederateTiming Ours)
{
    /// <summary>Ours over theirs: below 1 is faster.</summary>
    public double Ratio => Ours.Seconds / Prometheus.Seconds;
}
