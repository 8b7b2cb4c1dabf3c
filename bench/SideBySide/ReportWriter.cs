using System.Globalization;
using System.Text;

namespace Aggregator.Bench.SideBySide;

/// <summary>
/// Turns the runs into the Markdown table of BENCHMARKS.md (both ways, ratios ours/Prometheus, the
/// issue's goal per row) and into the harness's own checks: every figure was produced (not how good it is).
/// </summary>
internal static class ReportWriter
{
    /// <summary>The top's <c>/federate</c> table: per series count and format, Prometheus's and the member's medians.</summary>
    public static string TopMarkdown(IReadOnlyList<TopResult> results, BenchOptions options)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"`/federate?match[]={{__name__=~\".+\"}}` of every aggregated series ({TopRun.Sites} sites), median of {options.FederateRepeats} fetches alternating the two servers, no compression; {options.HostsDescription}."));
        md.AppendLine();
        md.AppendLine("| aggregated series | format | Prometheus 2.42 (global, remote-write fed) | ours (ring member, GlobalView store) | ours / Prometheus | load average (start → end) |");
        md.AppendLine("|---:|---|---:|---:|---:|---|");
        foreach (var r in results)
        {
            foreach (var f in r.Formats)
            {
                md.AppendLine(Invariant($"| {r.Series:N0} | {f.Format} | {f.Prometheus.Seconds * 1000:0.0} ms (first byte {f.Prometheus.FirstByteSeconds * 1000:0.0} ms, {f.Prometheus.Bytes / 1e6:0.0} MB) | {f.Ours.Seconds * 1000:0.0} ms (first byte {f.Ours.FirstByteSeconds * 1000:0.0} ms, {f.Ours.Bytes / 1e6:0.0} MB) | {f.Ratio:0.00}× | {r.LoadAtStart} → {r.LoadAtEnd} |"));
            }
        }
        return md.ToString();
    }

    public static string Markdown(IReadOnlyList<SiteResult> results, BenchOptions options)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"Interval {options.Interval.TotalSeconds:0} s (site scrape, federation, poll and rule evaluation); window {options.WindowIntervals} intervals{(options.Settle > TimeSpan.Zero ? $" after {options.Settle.TotalSeconds:0} s of settling" : "")}; /federate median of {options.FederateRepeats} fetches after the first (which has its own row), `Accept: {HttpProbe.FederateAccept}`, no compression; {options.HostsDescription}."));
        md.AppendLine();
        md.AppendLine("| series at the site | measure | Prometheus 2.42 (federating) | ours (Node + Aggregator) | ours / Prometheus | goal |");
        md.AppendLine("|---:|---|---:|---:|---:|---|");
        foreach (var r in results)
        {
            string n = r.SiteSeries.ToString("N0", CultureInfo.InvariantCulture);
            if (r.Prometheus is not { } p || r.Ours is not { } o)
            {
                md.AppendLine($"| {n} | not measured | | | | {string.Join("; ", r.Problems).Replace('|', '/')} |");
                continue;
            }
            Row(md, n, Invariant($"CPU s per {r.Interval.TotalSeconds:0} s interval"), p.CpuSecondsPerInterval, o.CpuSecondsPerInterval, v => Invariant($"{v:0.000}"), r.SiteSeries < 50_000 ? "≤ 1×" : "≤ 0.2×");
            Row(md, "", "RSS before any fetch of every series (bytes per series)", p.ResidentBytes, o.ResidentBytes, v => Invariant($"{v / 1e6:0} MB ({v / Math.Max(1, r.SiteSeries):0} B)"), "— (the goal is the row below)");
            Row(md, "", "RSS after the /federate timings (bytes per series)", p.ResidentBytesAfterFederate, o.ResidentBytesAfterFederate, v => Invariant($"{v / 1e6:0} MB ({v / Math.Max(1, r.SiteSeries):0} B)"), "≤ 0.1×");
            Row(md, "", Invariant($"/federate, all series ({o.FederateAll?.Samples ?? 0:N0} vs {p.FederateAll?.Samples ?? 0:N0} samples)"),
                p.FederateAll?.Seconds, o.FederateAll?.Seconds, v => Invariant($"{v:0.000} s"), "≤ 0.1× (first byte ≤ 0.05×)",
                Invariant($" (first byte {p.FederateAll?.FirstByteSeconds:0.000} s)"), Invariant($" (first byte {o.FederateAll?.FirstByteSeconds:0.000} s)"));
            Row(md, "", "/federate, all series, first fetch after start", p.FederateAllFirst?.Seconds, o.FederateAllFirst?.Seconds, v => Invariant($"{v:0.000} s"),
                "ours ≤ 1.5× its median", Invariant($" (first byte {p.FederateAllFirst?.FirstByteSeconds:0.000} s)"), Invariant($" (first byte {o.FederateAllFirst?.FirstByteSeconds:0.000} s; {o.FederateAllFirst?.Seconds / o.FederateAll?.Seconds:0.00}× its median)"));
            Row(md, "", Invariant($"/federate, aggregated at the top ({o.FederateAggregated?.Samples ?? 0:N0} vs {p.FederateAggregated?.Samples ?? 0:N0} samples)"),
                p.FederateAggregated?.Seconds, o.FederateAggregated?.Seconds, v => Invariant($"{v * 1000:0.0} ms"), "—");
            Row(md, "", "rule group evaluation (site-job-level)", p.RuleEvaluationSeconds, o.RuleEvaluationSeconds, v => Invariant($"{v * 1000:0.0} ms"), "≤ 0.1×");
            Row(md, "", Invariant($"freshness, median (max) of {o.FreshnessSeconds.Count} / {p.FreshnessSeconds.Count} advances"),
                Median(p.FreshnessSeconds), Median(o.FreshnessSeconds), v => Invariant($"{v:0.0} s"), Invariant($"≤ {r.Interval.TotalSeconds + 2:0} s"),
                Invariant($" ({Max(p.FreshnessSeconds):0.0} s)"), Invariant($" ({Max(o.FreshnessSeconds):0.0} s)"));
            md.AppendLine(Invariant($"| | ours, per process | | {o.Breakdown} | | |"));
            md.AppendLine(Invariant($"| | site Prometheus (common to both) | {r.SiteCpuSecondsPerInterval:0.000} s, {r.SiteResidentBytes / 1e6:0} MB | | | load {r.LoadAtStart} → {r.LoadAtEnd} |"));
        }
        foreach (var problem in results.SelectMany(r => r.Problems.Select(p => $"n={r.RequestedSeries}: {p}")))
        {
            md.AppendLine().Append("- problem: ").Append(problem);
        }
        return md.ToString();
    }

    /// <summary>One check per figure and run: it exists (a number was measured both ways).</summary>
    public static IReadOnlyList<(string Name, bool Passed)> Checks(IReadOnlyList<SiteResult> results)
    {
        var checks = new List<(string, bool)>();
        foreach (var r in results)
        {
            string n = "n=" + r.RequestedSeries.ToString(CultureInfo.InvariantCulture);
            var p = r.Prometheus;
            var o = r.Ours;
            checks.Add(($"{n} ran without problems", r.Problems.Count == 0 && p is not null && o is not null));
            checks.Add(($"{n} CPU measured both ways", p?.CpuSecondsPerInterval > 0 && o?.CpuSecondsPerInterval > 0));
            checks.Add(($"{n} RSS measured both ways", p?.ResidentBytes > 0 && o?.ResidentBytes > 0 && p.ResidentBytesAfterFederate > 0 && o.ResidentBytesAfterFederate > 0));
            checks.Add(($"{n} /federate of all series timed both ways", p?.FederateAll?.Samples > 0 && o?.FederateAll?.Samples > 0));
            // Note: a federator whose polls time out holds almost nothing, and its figures would mean nothing.
            checks.Add(($"{n} both federators hold the site's series", p?.FederateAll?.Samples >= r.SiteSeries * 0.9 && o?.FederateAll?.Samples >= r.SiteSeries * 0.9));
            checks.Add(($"{n} /federate of aggregated series timed both ways", p?.FederateAggregated?.Samples > 0 && o?.FederateAggregated?.Samples > 0));
            checks.Add(($"{n} rule evaluation time read both ways", p?.RuleEvaluationSeconds is not null && o?.RuleEvaluationSeconds is not null));
            checks.Add(($"{n} freshness observed both ways", p?.FreshnessSeconds.Count > 0 && o?.FreshnessSeconds.Count > 0));
        }
        return checks;
    }

    private static void Row(StringBuilder md, string n, string measure, double? prometheus, double? ours, Func<double, string> format, string goal,
        string prometheusNote = "", string oursNote = "")
    {
        string p = prometheus is { } pv ? format(pv) + prometheusNote : "—";
        string o = ours is { } ov ? format(ov) + oursNote : "—";
        string ratio = prometheus is { } a && ours is { } b && a > 0 ? Invariant($"{b / a:0.00}×") : "—";
        md.AppendLine($"| {n} | {measure} | {p} | {o} | {ratio} | {goal} |");
    }

    private static double? Median(IReadOnlyList<double> values) =>
        values.Count == 0 ? null : values.Order().ElementAt(values.Count / 2);

    private static double? Max(IReadOnlyList<double> values) => values.Count == 0 ? null : values.Max();

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
