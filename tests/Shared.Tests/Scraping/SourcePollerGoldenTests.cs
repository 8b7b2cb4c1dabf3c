using System.Text.Json;
using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>
/// Replays the 2.42 capture (../conformance/federate-golden-2.42): server A's <c>/federate?match[]={job="app"}</c>
/// body, scraped by server B with honor_labels true and false. Our poller must store the label sets that
/// B stored (scraper_side/B_all_series_instant_query.json).
/// </summary>
public sealed class SourcePollerGoldenTests
{
    private static readonly string Golden = Path.Combine(RepoPaths.Conformance, "federate-golden-2.42");

    [ConformanceTheory]
    [InlineData(false, "fed_nohonor")]
    [InlineData(true, "fed_honor")]
    public async Task PollOnceAsync_Prometheus242FederateBody_StoresWhatPrometheusStored(bool honorLabels, string job)
    {
        var body = await File.ReadAllTextAsync(Path.Combine(Golden, "01_job_app_text_noaccept.body.txt"));
        await using var source = await ProgrammableSource.StartAsync(body);
        var sink = new RecordingSink();
        using var poller = new SourcePoller(new ScrapeSourceOptions
        {
            Name = job,
            Urls = [source.Url],
            Match = ["{job=\"app\"}"],
            HonorLabels = honorLabels,
            TargetLabels = LabelSet.Of("instance", "127.0.0.1:28190"),
        }, new ExpositionScrapeDecoder(), sink, TimeProvider.System, NullLogger.Instance);

        var report = await poller.PollOnceAsync(CancellationToken.None);

        Assert.True(report.Up, report.Error);
        Assert.Equal(body.Split('\n').Count(l => l.Length > 0 && l[0] != '#'), report.SamplesScraped);
        // Note: app_with_ts_old carries a timestamp older than the lookback of B's instant query.
        var ours = sink.Last.Take(report.SamplesScraped).Where(s => s.Labels.MetricName != "app_with_ts_old")
            .Select(s => s.Labels.ToString()).Order(StringComparer.Ordinal).ToList();
        var theirs = ExpectedFromScraperSide(honorLabels, job);
        Assert.True(theirs.SequenceEqual(ours), "missing: " + string.Join("\n", theirs.Except(ours)) + "\nextra: " + string.Join("\n", ours.Except(theirs)));
    }

    // Note: B's instant query holds both jobs' series plus B's own synthetic series; keep the ones this
    // scrape job produced from A's {job="app"} series.
    private static List<string> ExpectedFromScraperSide(bool honorLabels, string job)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Golden, "scraper_side", "B_all_series_instant_query.json")));
        var result = new List<string>();
        foreach (var item in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().Select(p => new Label(p.Name, p.Value.GetString()!)).ToList();
            var set = LabelSet.From(labels);
            bool fromJobApp = honorLabels ? set.Get("job") == "app" : set.Get("job") == job && set.Has("exported_job");
            if (fromJobApp)
            {
                result.Add(set.ToString());
            }
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
