using System.Globalization;

namespace Aggregator.Bench.SideBySide;

/// <summary>
/// One site size, both ways at once: generated targets, a site Prometheus 2.42 scraping them, (a) a classic
/// Prometheus federating the site and evaluating the rules, (b) our Node polling the site and forwarding to
/// our Aggregator. After a warm-up it measures CPU, freshness and rule-evaluation time over a window of
/// intervals, then RSS and <c>/federate</c> timings, and stops every process it started.
/// </summary>
internal sealed class SiteRun(BenchOptions options, int series, TextWriter log)
{
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly List<ChildProcess> _processes = [];
    private readonly List<string> _problems = [];
    private readonly string _directory = Path.Combine(options.ResultsDirectory, "n" + series.ToString(CultureInfo.InvariantCulture));

    private TimeSpan Interval => options.Interval;

    public async Task<SiteResult> RunAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        Directory.CreateDirectory(_directory);
        string loadAtStart = LoadAverage();
        using var http = new HttpProbe();
        await using var targets = await SyntheticTargets.StartAsync(options.Targets, series, _time).ConfigureAwait(false);
        Say($"{targets.Urls.Count} targets serving {targets.SeriesCount:N0} series");
        try
        {
            return await MeasureAsync(http, targets, loadAtStart).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            _problems.Add(e.Message);
            Say("failed: " + e.Message);
            return new SiteResult { RequestedSeries = series, SiteSeries = targets.SeriesCount, Interval = Interval, LoadAtStart = loadAtStart, LoadAtEnd = LoadAverage(), Problems = _problems };
        }
        finally
        {
            foreach (var process in Enumerable.Reverse(_processes))
            {
                process.Dispose();
            }
            DeleteData();
        }
    }

    private async Task<SiteResult> MeasureAsync(HttpProbe http, SyntheticTargets targets, string loadAtStart)
    {
        var (site, siteUrl) = await StartPrometheusAsync(http, "site", BenchFiles.SitePrometheus(targets.Urls, Interval)).ConfigureAwait(false);
        var (classic, classicUrl) = await StartPrometheusAsync(http, "classic", BenchFiles.ClassicPrometheus(siteUrl.Port, Interval)).ConfigureAwait(false);
        var (aggregator, node, aggregatorUrl, nodeUrl) = await StartOursAsync(http, siteUrl.Port).ConfigureAwait(false);

        await WarmUpAsync(http, classicUrl, aggregatorUrl).ConfigureAwait(false);
        if (options.Settle > TimeSpan.Zero)
        {
            Say($"settling for {options.Settle.TotalSeconds:0} s before measuring");
            await Task.Delay(options.Settle, _time).ConfigureAwait(false);
        }

        Say($"measuring CPU and rule evaluation over {options.WindowIntervals} intervals of {Interval.TotalSeconds:0} s");
        var processes = new[] { site, classic, node, aggregator };
        var cpuStart = processes.Select(p => p.CpuSeconds()).ToArray();
        long windowStart = _time.GetTimestamp();
        var classicRules = new List<double>();
        var oursRules = new List<double>();
        for (int i = 0; i < options.WindowIntervals; i++)
        {
            await Task.Delay(Interval, _time).ConfigureAwait(false);
            await SampleRuleDurationAsync(http, classicUrl, $";{BenchFiles.JobLevelGroup}\"", "prometheus_rule_group_last_duration_seconds", classicRules).ConfigureAwait(false);
            await SampleRuleDurationAsync(http, nodeUrl, $"rule_group=\"{BenchFiles.JobLevelGroup}\"", "aggregator_rule_group_last_duration_seconds", oursRules).ConfigureAwait(false);
        }
        double intervals = _time.GetElapsedTime(windowStart) / Interval;
        var cpu = processes.Select((p, k) => (p.CpuSeconds() - cpuStart[k]) / intervals).ToArray();
        var rss = processes.Select(p => p.ResidentBytes()).ToArray();

        // Note: a window of its own, so that polling both tops four times a second costs no CPU above.
        Say($"measuring freshness over {options.WindowIntervals} intervals");
        var classicFreshness = new FreshnessProbe(http, classicUrl, _time);
        var oursFreshness = new FreshnessProbe(http, aggregatorUrl, _time);
        using (var stopProbes = new CancellationTokenSource(TimeSpan.FromTicks(Interval.Ticks * options.WindowIntervals)))
        {
            await Task.WhenAll(classicFreshness.RunAsync(stopProbes.Token), oursFreshness.RunAsync(stopProbes.Token)).ConfigureAwait(false);
        }

        Say("timing /federate");
        var (classicAll, oursAll, classicFirst, oursFirst) = await TimePairAsync(http, classicUrl, nodeUrl, BenchFiles.EverythingSelector).ConfigureAwait(false);
        var (classicAggregated, oursAggregated, _, _) = await TimePairAsync(http, classicUrl, aggregatorUrl, "{__name__=~\"job:.+\"}").ConfigureAwait(false);
        // Note: read again after serving every series: state built for /federate (by the first request, or by the
        // polls) is what a federated deployment holds, and the RSS above may not include it.
        var rssAfterFederate = processes.Select(p => p.ResidentBytes()).ToArray();
        var siteMetrics = await http.GetTextAsync(new Uri(siteUrl, "metrics")).ConfigureAwait(false);
        long siteSeries = (long)(HttpProbe.FindValue(siteMetrics, "prometheus_tsdb_head_series", "") ?? targets.SeriesCount);

        return new SiteResult
        {
            RequestedSeries = series,
            SiteSeries = siteSeries,
            Interval = Interval,
            SiteCpuSecondsPerInterval = cpu[0],
            SiteResidentBytes = rss[0],
            Prometheus = new SideMeasures
            {
                CpuSecondsPerInterval = cpu[1],
                ResidentBytes = rss[1],
                ResidentBytesAfterFederate = rssAfterFederate[1],
                RuleEvaluationSeconds = Mean(classicRules),
                FederateAll = classicAll,
                FederateAllFirst = classicFirst,
                FederateAggregated = classicAggregated,
                FreshnessSeconds = classicFreshness.Ages,
            },
            Ours = new SideMeasures
            {
                CpuSecondsPerInterval = cpu[2] + cpu[3],
                ResidentBytes = rss[2] + rss[3],
                ResidentBytesAfterFederate = rssAfterFederate[2] + rssAfterFederate[3],
                Breakdown = FormattableString.Invariant($"Node {cpu[2]:0.000} s, {rss[2] / 1e6:0} MB ({rssAfterFederate[2] / 1e6:0} MB after /federate); Aggregator {cpu[3]:0.000} s, {rss[3] / 1e6:0} MB ({rssAfterFederate[3] / 1e6:0} MB after /federate)"),
                RuleEvaluationSeconds = Mean(oursRules),
                FederateAll = oursAll,
                FederateAllFirst = oursFirst,
                FederateAggregated = oursAggregated,
                FreshnessSeconds = oursFreshness.Ages,
            },
            LoadAtStart = loadAtStart,
            LoadAtEnd = LoadAverage(),
            Problems = _problems,
        };
    }

    private async Task<(ChildProcess Process, Uri Url)> StartPrometheusAsync(HttpProbe http, string name, string config)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), config);
        File.WriteAllText(Path.Combine(dir, BenchFiles.RulesFile), BenchFiles.Rules(options.RepoRoot, Interval));
        int port = SyntheticTargets.FreePort();
        string logPath = Path.Combine(dir, "prometheus.log");
        var process = Start(name, Prometheus.Binary(options.RepoRoot), [
            "--config.file=" + Path.Combine(dir, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(dir, "data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "--web.console.templates=" + Path.Combine(dir, "consoles"),
            "--web.console.libraries=" + Path.Combine(dir, "console_libraries"),
        ], dir, logPath);
        var url = new Uri($"http://127.0.0.1:{port}/");
        await http.WaitReadyAsync(new Uri(url, "-/ready"), $"{name} Prometheus", process, TimeSpan.FromSeconds(60), logPath).ConfigureAwait(false);
        Say($"{name} Prometheus ready at {url} (pid {process.Pid})");
        return (process, url);
    }

    private async Task<(ChildProcess Aggregator, ChildProcess Node, Uri AggregatorUrl, Uri NodeUrl)> StartOursAsync(HttpProbe http, int sitePort)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_directory, "ours")).FullName;
        int aggregatorPort = SyntheticTargets.FreePort();
        int nodePort = SyntheticTargets.FreePort();
        var topology = Path.Combine(dir, "topology.hocon");
        File.WriteAllText(topology, BenchFiles.Topology(aggregatorPort, nodePort, sitePort, Interval));
        File.WriteAllText(Path.Combine(dir, BenchFiles.RulesFile), BenchFiles.Rules(options.RepoRoot, Interval));
        var environment = new Dictionary<string, string>(options.OursEnvironment) { ["AGGREGATOR_DATA_DIR"] = Path.Combine(dir, "data") };
        var aggregatorUrl = new Uri($"http://127.0.0.1:{aggregatorPort}/");
        var nodeUrl = new Uri($"http://127.0.0.1:{nodePort}/");
        var aggregator = await StartHostAsync(http, "Aggregator", "Aggregator", BenchFiles.AggregatorId, topology, aggregatorUrl, environment).ConfigureAwait(false);
        var node = await StartHostAsync(http, "Node", "Aggregator.Node", BenchFiles.NodeId, topology, nodeUrl, environment).ConfigureAwait(false);
        return (aggregator, node, aggregatorUrl, nodeUrl);
    }

    private async Task<ChildProcess> StartHostAsync(HttpProbe http, string project, string assembly, string id, string topology, Uri url, Dictionary<string, string> environment)
    {
        var dll = options.HostDll(project, assembly);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: build it first (bench/run.sh without --no-build, or dotnet build src/{project} -c Release)");
        }
        string logPath = Path.Combine(Path.GetDirectoryName(topology)!, id + ".log");
        var process = Start(id, "dotnet", [dll, "--config", topology, "--node", id], Path.GetDirectoryName(topology)!, logPath, environment);
        await http.WaitReadyAsync(new Uri(url, "-/ready"), $"{project} {id}", process, TimeSpan.FromSeconds(60), logPath).ConfigureAwait(false);
        Say($"{project} {id} ready at {url} (pid {process.Pid})");
        return process;
    }

    // Note: rate(...[1m]) needs two samples at the federator, then one evaluation; the first output
    // proves both pipelines run end to end. One more interval lets the steady state settle.
    private async Task WarmUpAsync(HttpProbe http, Uri classicUrl, Uri aggregatorUrl)
    {
        var timeout = TimeSpan.FromTicks(Interval.Ticks * 8) + TimeSpan.FromSeconds(series / 2_000.0);
        Say($"warming up (until both tops hold job:http_requests:rate1m, at most {timeout.TotalSeconds:0} s)");
        var deadline = _time.GetUtcNow() + timeout;
        bool classicReady = false, oursReady = false;
        while (!(classicReady && oursReady))
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"warm-up: no job-level output within {timeout.TotalSeconds:0} s (classic: {classicReady}, ours: {oursReady}); see the logs in {_directory}");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), _time).ConfigureAwait(false);
            classicReady = classicReady || await HasOutputAsync(http, classicUrl).ConfigureAwait(false);
            oursReady = oursReady || await HasOutputAsync(http, aggregatorUrl).ConfigureAwait(false);
        }
        await Task.Delay(Interval, _time).ConfigureAwait(false);
    }

    private static async Task<bool> HasOutputAsync(HttpProbe http, Uri url)
    {
        try
        {
            var body = await http.GetTextAsync(new Uri(url, "federate?match[]=" + Uri.EscapeDataString("job:http_requests:rate1m"))).ConfigureAwait(false);
            return HttpProbe.MaxValue(body, "job:http_requests:rate1m") is not null;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task SampleRuleDurationAsync(HttpProbe http, Uri url, string labelText, string metric, List<double> samples)
    {
        try
        {
            var body = await http.GetTextAsync(new Uri(url, "metrics")).ConfigureAwait(false);
            if (HttpProbe.FindValue(body, metric, labelText) is { } seconds)
            {
                samples.Add(seconds);
            }
        }
        catch (HttpRequestException e)
        {
            _problems.Add($"{url}metrics: {e.Message}");
        }
    }

    // Note: alternating the two servers spreads any background noise over both.
    // Note: no fetch of every series happens before this one, so the first of each side is its first after start. It is
    // reported on its own row and left out of the median, which is the steady time the warm-up goal compares it with.
    private async Task<(FederateTiming? Classic, FederateTiming? Ours, FederateTiming? ClassicFirst, FederateTiming? OursFirst)> TimePairAsync(HttpProbe http, Uri classicUrl, Uri oursUrl, string selector)
    {
        var classic = new List<FederateTiming>();
        var ours = new List<FederateTiming>();
        for (int i = 0; i <= options.FederateRepeats; i++)
        {
            await TimeOneAsync(http, classicUrl, selector, classic).ConfigureAwait(false);
            await TimeOneAsync(http, oursUrl, selector, ours).ConfigureAwait(false);
        }
        return (Median(classic.Skip(1)), Median(ours.Skip(1)), classic.FirstOrDefault(), ours.FirstOrDefault());
    }

    private async Task TimeOneAsync(HttpProbe http, Uri url, string selector, List<FederateTiming> timings)
    {
        try
        {
            timings.Add(await http.TimeFederateAsync(url, selector).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _problems.Add($"{url}federate?match[]={selector}: {e.Message}");
        }
    }

    private ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = ChildProcess.Start(name, fileName, arguments, workingDirectory, logPath, environment);
        _processes.Add(process);
        return process;
    }

    // Note: the TSDB and the forward queues are large at 1M series; the configs and logs stay for reading.
    private void DeleteData()
    {
        foreach (var name in new[] { "site", "classic", "ours" })
        {
            var data = Path.Combine(_directory, name, "data");
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static FederateTiming? Median(IEnumerable<FederateTiming> timings)
    {
        var sorted = timings.OrderBy(t => t.Seconds).ToList();
        return sorted.Count == 0 ? null : sorted[sorted.Count / 2];
    }

    private static double? Mean(List<double> values) => values.Count == 0 ? null : values.Average();

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private void Say(string message) => log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] n={series:N0}: {message}");
}
