using Aggregator.Tests.Common;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tests.Federation;

/// <summary>
/// Replays ../shared/conformance/federate-golden-2.42 against our handler over a store holding the data
/// Prometheus A held (loaded from its "everything" answer): status, Content-Type, Content-Encoding and
/// body (sample lines sorted inside each family, as upstream's own test compares).
/// </summary>
public class FederateGoldenTests
{
    public static TheoryData<string> TextCases() =>
    [
        "01_job_app_text_noaccept", "02_small_text", "03_empty_no_match", "04_match_nothing",
        "05_invalid_from_beginning", "06_invalid_in_middle", "07_all_empty_matchers", "08_regex_matches_empty",
        "09_empty_string_match", "10_second_match_invalid", "11_two_matchers_overlap", "12_unknown_param_ignored",
        "13_match_without_brackets_ignored", "14_post_form", "16_accept_proto_text", "17_accept_proto_compact", "18_accept_openmetrics_only", "19_accept_star",
        "20_accept_scrape_header_2.42", "22_accept_scrape_header_3x", "23_accept_text_v1", "24_gzip",
        "25_gzip_qvalue", "26_deflate_then_gzip", "27_bad_form_encoding", "28_utf8_quoted_name_selector",
        "29_at_modifier_in_selector", "30_range_selector", "31_function_call", "32_head_request",
    ];

    [ConformanceTheory]
    [MemberData(nameof(TextCases))]
    public async Task HandleAsync_GoldenCase_SameAsPrometheus242(string name)
    {
        var (store, clock) = GoldenFederate.LoadStore("08_regex_matches_empty.body.txt");
        var handler = new FederateHandler(new SeriesStoreFederationSource(store), new FederationOptions { ExternalLabels = GoldenFederate.External }, clock);
        var (method, query, headers, body) = GoldenFederate.Request(name);
        var call = await FederateCall.RunAsync(handler, method, query, headers, body);
        var expected = GoldenFederate.ResponseHeaders(name);

        Assert.Equal(expected[":status"], call.Status.ToString());
        Assert.Equal(expected["Content-Type"], call.Headers.ContentType.ToString());
        Assert.Equal(expected.GetValueOrDefault("Content-Encoding", string.Empty), call.Headers.ContentEncoding.ToString());
        Assert.Equal(expected.GetValueOrDefault("X-Content-Type-Options", string.Empty), call.Headers.XContentTypeOptions.ToString());
        Assert.Equal(expected.GetValueOrDefault("Allow", string.Empty), call.Headers.Allow.ToString());
        var expectedBody = File.Exists(Path.Combine(GoldenFederate.Dir, name + ".body.txt")) ? GoldenFederate.Read(name + ".body.txt") : string.Empty;
        if (call.Status == 200)
        {
            Assert.Equal(GoldenFederate.Normalize(expectedBody), GoldenFederate.Normalize(call.Body));
        }
        else
        {
            Assert.Equal(expectedBody, call.Body);
        }
    }

    [ConformanceTheory]
    [InlineData("40_after_target_down_job_app")]
    [InlineData("41_after_target_down_small")]
    public async Task HandleAsync_AfterTargetDown_StaleSeriesOmittedExplicitTimestampsKept(string name)
    {
        // Note: replays the lab's "target stopped" step: the scrape of job="app" fails, so every series of
        // the last good scrape gets a stale marker (explicit-timestamp ones are exempt, as in Prometheus),
        // rule outputs go stale, and the synthetic series take their failure values (taken from the capture).
        var (store, clock) = GoldenFederate.LoadStore("08_regex_matches_empty.body.txt");
        var down = GoldenFederate.LoadStore("40_after_target_down_job_app.body.txt").Store;
        long downAt = clock.NowMs + 40_000;
        clock.Advance(TimeSpan.FromSeconds(41));
        var tracker = new SourceStaleness();
        foreach (var series in store.SelectSeries(AllSeries.Instance))
        {
            bool explicitTimestamp = series.MetricName.StartsWith("app_with_ts", StringComparison.Ordinal);
            if (!explicitTimestamp)
            {
                tracker.Seen(series);
            }
        }
        tracker.CompletePoll(downAt - 40_000, store);
        tracker.MarkDown(downAt, store);
        foreach (var family in down.SelectLatest(AllSeries.Instance, long.MinValue, long.MaxValue))
        {
            foreach (var s in family.Series.Span)
            {
                if (!s.Labels.MetricName.StartsWith("app_with_ts", StringComparison.Ordinal))
                {
                    store.Append(s.Labels, s.Sample);
                }
            }
        }
        var handler = new FederateHandler(new SeriesStoreFederationSource(store), new FederationOptions { ExternalLabels = GoldenFederate.External }, clock);
        var (method, query, headers, body) = GoldenFederate.Request(name);
        var call = await FederateCall.RunAsync(handler, method, query, headers, body);
        Assert.Equal(200, call.Status);
        Assert.Equal(GoldenFederate.Normalize(GoldenFederate.Read(name + ".body.txt")), GoldenFederate.Normalize(call.Body));
    }

    [ConformanceTheory]
    [InlineData("15_accept_proto_delimited")]
    [InlineData("21_accept_scrape_header_2.42_proto")]
    public async Task HandleAsync_GoldenProtobufDelimited_SameFamiliesAndSamples(string name)
    {
        var (store, clock) = GoldenFederate.LoadStore("08_regex_matches_empty.body.txt");
        var handler = new FederateHandler(new SeriesStoreFederationSource(store), new FederationOptions { ExternalLabels = GoldenFederate.External }, clock);
        var (method, query, headers, body) = GoldenFederate.Request(name);
        var call = await FederateCall.RunAsync(handler, method, query, headers, body);
        var expected = GoldenFederate.ResponseHeaders(name);
        Assert.Equal(200, call.Status);
        Assert.Equal(expected["Content-Type"], call.Headers.ContentType.ToString());
        var golden = File.ReadAllBytes(Path.Combine(GoldenFederate.Dir, name + ".body.bin"));
        var (goldenFamilies, goldenSamples) = Decode(golden);
        var (ourFamilies, ourSamples) = Decode(call.Decoded);
        Assert.Equal(goldenFamilies, ourFamilies);
        Assert.Equal(goldenSamples, ourSamples);
    }

    // Note: families in body order (with type), samples as a sorted multiset — the order inside a
    // family is unspecified upstream.
    private static (List<string> Families, List<string> Samples) Decode(byte[] body)
    {
        var sink = new CollectingSink();
        var result = ExpositionReader.Read(body, ExpositionFormat.ProtobufDelimited, sink);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        sink.Samples.Sort(StringComparer.Ordinal);
        return (sink.Families, sink.Samples);
    }

    private sealed class CollectingSink : IExpositionSink
    {
        public List<string> Families { get; } = [];

        public List<string> Samples { get; } = [];

        public void OnSample(in ExposedSample sample)
        {
            var family = sample.Family.Name + " " + sample.Family.Type;
            if (Families.Count == 0 || Families[^1] != family)
            {
                Families.Add(family);
            }
            Samples.Add($"{sample.Series} {sample.Value:R} {sample.TimestampMs}");
        }
    }
}
