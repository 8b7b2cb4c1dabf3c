using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Evaluation;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Rules;

namespace Aggregator.Benchmarks.PromQl;

/// <summary>
/// The job-level rule group over the same 500k series, ours against a real Prometheus 2.42 in one
/// run: ours first (in-process, <see cref="RuleGroupEvaluator"/> over <see cref="JobLevelRuleData"/> in
/// <see cref="InMemorySeriesSource"/> and in the Node's store),
/// then Prometheus with the same rule file, the same series written through its remote-write
/// receiver, and its own <c>prometheus_rule_group_last_duration_seconds</c> read from /metrics.
/// Usage: <c>Aggregator.Benchmarks promql-side-by-side [--prometheus PATH] [--evaluations N]</c>.
/// </summary>
public static class PrometheusSideBySide
{
    private const int IntervalSeconds = 30;
    private const string GroupName = "job-level";

    public static async Task<int> RunAsync(string[] args)
    {
        string prometheus = Option(args, "--prometheus") ?? Path.Combine(".tools", "prometheus", "usr", "bin", "prometheus");
        int evaluations = int.Parse(Option(args, "--evaluations") ?? "5", CultureInfo.InvariantCulture);
        if (!File.Exists(prometheus))
        {
            Console.Error.WriteLine($"Prometheus not found at {prometheus}: pass --prometheus PATH");
            return 2;
        }
        Console.WriteLine($"load average before: {LoadAverage()}");
        var ours = MeasureOurs(JobLevelRuleData.Build(), evaluations);
        Console.WriteLine($"ours (InMemorySeriesSource): min {ours.Min():F3} s, median {Median(ours):F3} s over {ours.Count} evaluations");
        GC.Collect();
        var oursStore = MeasureOurs(JobLevelRuleData.BuildStore(), evaluations);
        Console.WriteLine($"ours (SeriesStore): min {oursStore.Min():F3} s, median {Median(oursStore):F3} s over {oursStore.Count} evaluations");
        GC.Collect();
        var theirs = await MeasurePrometheusAsync(prometheus, evaluations);
        Console.WriteLine($"Prometheus 2.42: min {theirs.Min():F3} s, median {Median(theirs):F3} s over {theirs.Count} evaluations");
        Console.WriteLine($"ratio (median ours / median Prometheus): {Median(ours) / Median(theirs):F4} (InMemorySeriesSource), {Median(oursStore) / Median(theirs):F4} (SeriesStore)");
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static List<double> MeasureOurs(ISeriesSource source, int evaluations)
    {
        var group = JobLevelRuleData.Group();
        var times = new List<double>();
        // Note: one warm-up evaluation (JIT, first-touch of the data) is not counted.
        for (int i = 0; i <= evaluations; i++)
        {
            var sw = Stopwatch.StartNew();
            var result = new RuleGroupEvaluator(group).Evaluate(source, JobLevelRuleData.EvalTimeMs);
            sw.Stop();
            if (result.Errors.Count > 0 || result.Samples.Count == 0)
            {
                throw new InvalidOperationException("our evaluation failed: " + string.Join("; ", result.Errors));
            }
            if (i > 0)
            {
                times.Add(sw.Elapsed.TotalSeconds);
            }
        }
        return times;
    }

    private static async Task<List<double>> MeasurePrometheusAsync(string binary, int evaluations)
    {
        var dir = Path.Combine(Path.GetTempPath(), "aggregator-sbs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "rules.yml"), JobLevelRuleData.RuleFile);
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"global:\n  evaluation_interval: {IntervalSeconds}s\nrule_files: [rules.yml]\n");
        int port = FreePort();
        var psi = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir,
        };
        psi.ArgumentList.Add("--config.file=" + Path.Combine(dir, "prometheus.yml"));
        psi.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(dir, "data"));
        psi.ArgumentList.Add("--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--web.enable-remote-write-receiver");
        using var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(2) };
            await WaitReadyAsync(http);
            double loadedAt = await LoadAsync(http);
            return await ReadDurationsAsync(http, loadedAt, evaluations);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Writes every series from two minutes ago to ten minutes ahead (15 s apart, the same values
    /// as <see cref="JobLevelRuleData"/>), so each evaluation in that span sees a full one-minute window.
    /// Returns when the load finished (Unix seconds).
    /// </summary>
    private static async Task<double> LoadAsync(HttpClient http)
    {
        long start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 15_000 * 15_000) - 120_000;
        var client = new RemoteWriteClient(http, new RemoteWriteClientOptions { Url = new Uri(http.BaseAddress!, "api/v1/write"), MaxAttempts = 5 });
        using var encoder = new RemoteWriteEncoder();
        var batch = new List<WriteSeries>();
        var sw = Stopwatch.StartNew();
        int series = 0;
        foreach (var (labels, perScrape) in JobLevelRuleData.Series())
        {
            var samples = new Sample[49];
            for (int k = 0; k < samples.Length; k++)
            {
                samples[k] = new Sample(start + (k * 15_000L), perScrape * k);
            }
            batch.Add(new WriteSeries(labels, samples));
            if (batch.Count == 2_000)
            {
                await SendAsync(client, encoder, batch);
            }
            series++;
        }
        await SendAsync(client, encoder, batch);
        Console.WriteLine($"wrote {series} series x 49 samples into Prometheus in {sw.Elapsed.TotalSeconds:F1} s");
        return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    }

    private static async Task SendAsync(RemoteWriteClient client, RemoteWriteEncoder encoder, List<WriteSeries> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        var result = await client.SendAsync(encoder.Encode(batch));
        if (result.Outcome != RemoteWriteOutcome.Sent)
        {
            throw new InvalidOperationException($"remote write failed: {result.StatusCode} {result.Error}");
        }
        batch.Clear();
    }

    /// <summary>Reads the group's last duration after each evaluation that started once the data was complete.</summary>
    private static async Task<List<double>> ReadDurationsAsync(HttpClient http, double loadedAt, int evaluations)
    {
        var durations = new List<double>();
        double lastSeen = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(IntervalSeconds * (evaluations + 3));
        while (durations.Count < evaluations && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1_000);
            var metrics = await http.GetStringAsync("metrics");
            double evaluatedAt = Metric(metrics, "prometheus_rule_group_last_evaluation_timestamp_seconds");
            double duration = Metric(metrics, "prometheus_rule_group_last_duration_seconds");
            if (evaluatedAt > lastSeen && evaluatedAt > loadedAt)
            {
                lastSeen = evaluatedAt;
                durations.Add(duration);
                Console.WriteLine($"  Prometheus evaluation at {evaluatedAt:F0}: {duration:F3} s");
            }
        }
        if (Metric(await http.GetStringAsync("metrics"), "prometheus_rule_evaluation_failures_total") > 0)
        {
            throw new InvalidOperationException("Prometheus reported rule evaluation failures");
        }
        return durations.Count > 0 ? durations : throw new InvalidOperationException("no Prometheus evaluation after the load");
    }

    /// <summary>The value of this group's sample of a metric in the text exposition.</summary>
    private static double Metric(string text, string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains(";" + GroupName + "\"", StringComparison.Ordinal))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Note: not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("Prometheus did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
