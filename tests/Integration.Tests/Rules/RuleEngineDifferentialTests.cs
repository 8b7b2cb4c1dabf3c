using System.Globalization;
using System.Text.Json;
using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Evaluation;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Rules;
using Aggregator.Shared.Storage;
using Aggregator.Tests.Common;
using Xunit.Abstractions;

namespace Aggregator.Integration.Tests.Rules;

/// <summary>
/// Differential test: one seeded data set and one rule file, evaluated by the real Prometheus 2.42
/// (data written through its remote-write receiver, each rule's expression run by its query API
/// at the evaluation time) and by our <see cref="RuleGroupEvaluator"/> over both of our series
/// sources. Outputs must agree within 1e-9 relative.
/// Note: promtool 2.42's `test rules` compares values exactly (one ulp off fails), and 2.42 sums
/// without Kahan compensation while 3.x semantics sum with it, so a promtool file with our values
/// cannot be the 1e-9 check; the query API gives 2.42's values to compare with a tolerance.
/// </summary>
public sealed class RuleEngineDifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 20261122;

    [Fact]
    public async Task JobLevelRules_SameSeededData_OursAgreesWithPrometheus242()
    {
        var data = DifferentialData.Generate(Seed);
        var load = RuleFileLoader.Parse(DifferentialData.RuleFile, "differential.yml");
        Assert.True(load.Success, string.Join("\n", load.Errors));
        var group = load.Groups[0];
        // Note: both of our sources: the evaluator's in-memory one and the Node's store (streamed selection).
        var memory = new InMemorySeriesSource();
        var store = new SeriesStore(new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(20) });
        foreach (var (labels, samples) in data)
        {
            foreach (var s in samples)
            {
                memory.Add(labels, s.TimestampMs, s.Value);
                store.Append(labels, s.TimestampMs, s.Value);
            }
        }
        var sources = new (string Name, ISeriesSource Source)[] { ("InMemorySeriesSource", memory), ("SeriesStore", store) };
        await using var prom = await PrometheusServer.StartAsync("global: {}\n", ["--web.enable-remote-write-receiver"]);
        await WriteAsync(prom, data);

        var problems = new List<string>();
        var nonEmptyRules = new HashSet<string>();
        int compared = 0;
        double maxRelative = 0;
        (LabelSet Labels, double Value, Dictionary<LabelSet, double> Prometheus, string Where)? probe = null;
        foreach (var t in DifferentialData.EvalTimesMs)
        {
            var ours = sources.Select(x => (x.Name, Result: new RuleGroupEvaluator(group).Evaluate(x.Source, t))).ToList();
            foreach (var (name, result) in ours)
            {
                Assert.True(result.Errors.Count == 0, name + ": " + string.Join("\n", result.Errors));
            }
            foreach (var rule in group.Rules)
            {
                var theirs = await QueryAsync(prom, rule.ExpressionText, rule.Record, t);
                foreach (var (name, result) in ours)
                {
                    var where = $"{rule.Record} at {t} over {name}";
                    var mine = new Dictionary<LabelSet, double>();
                    foreach (var s in result.Samples)
                    {
                        if (!s.IsStale && s.Labels.MetricName == rule.Record)
                        {
                            mine.Add(s.Labels, s.Value);
                        }
                    }
                    problems.AddRange(RuleOutputComparison.Differences(where, theirs, mine));
                    compared += theirs.Count;
                    maxRelative = Math.Max(maxRelative, RuleOutputComparison.MaxRelativeDifference(theirs, mine));
                    var first = mine.FirstOrDefault(kv => double.IsFinite(kv.Value) && kv.Value != 0);
                    if (first.Key is not null)
                    {
                        probe ??= (first.Key, first.Value, theirs, where);
                    }
                }
                if (theirs.Count > 0)
                {
                    nonEmptyRules.Add(rule.Record);
                }
            }
        }
        output.WriteLine($"{data.Count} series, {group.Rules.Count} rules, {DifferentialData.EvalTimesMs.Length} evaluation times, {sources.Length} sources: {compared} samples compared, {problems.Count} differences, largest relative difference {maxRelative:G3}");

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // Note: a vacuous comparison (a rule that never yields anything) would prove nothing.
        Assert.Equal(group.Rules.Select(r => r.Record).Order(), nonEmptyRules.Order());
        // Note: the comparison must catch a wrong value just beyond the tolerance.
        Assert.NotNull(probe);
        var (probeLabels, probeValue, prometheus, at) = probe.Value;
        var wrong = new Dictionary<LabelSet, double>(prometheus) { [probeLabels] = probeValue * (1 + 1e-8) };
        Assert.NotEmpty(RuleOutputComparison.Differences(at, prometheus, wrong));
    }

    private static async Task WriteAsync(PrometheusServer prom, List<(LabelSet Labels, List<Sample> Samples)> data)
    {
        using var http = new HttpClient();
        var client = new RemoteWriteClient(http, new RemoteWriteClientOptions { Url = new Uri(prom.BaseAddress, "api/v1/write"), MaxAttempts = 3 });
        using var encoder = new RemoteWriteEncoder();
        foreach (var chunk in data.Chunk(200))
        {
            var batch = chunk.Select(d => new WriteSeries(d.Labels, d.Samples)).ToList();
            var result = await client.SendAsync(encoder.Encode(batch));
            Assert.True(result.Outcome == RemoteWriteOutcome.Sent, $"remote write to Prometheus failed: {result.StatusCode} {result.Error}\n{prom.Log}");
        }
    }

    /// <summary>Runs an instant query at <paramref name="timeMs"/>; names each result as the rule would.</summary>
    private static async Task<Dictionary<LabelSet, double>> QueryAsync(PrometheusServer prom, string expr, string record, long timeMs)
    {
        var time = (timeMs / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        var url = "api/v1/query?query=" + Uri.EscapeDataString(expr) + "&time=" + time;
        using var response = await prom.Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"query {expr} at {time}: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        var result = new Dictionary<LabelSet, double>();
        foreach (var row in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = new List<Label>();
            foreach (var p in row.GetProperty("metric").EnumerateObject())
            {
                if (p.Name != Label.MetricName)
                {
                    labels.Add(new Label(p.Name, p.Value.GetString()!));
                }
            }
            labels.Add(new Label(Label.MetricName, record));
            result.Add(LabelSet.From(labels), ParseValue(row.GetProperty("value")[1].GetString()!));
        }
        return result;
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
