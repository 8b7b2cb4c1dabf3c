using System.Text;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Exposition;

/// <summary>The real promtool 2.42 accepts what our text writer produces.</summary>
public class ExpositionWriterPromtoolTests
{
    [Fact]
    public async Task TextWriter_EveryType_PromtoolFindsNoProblem()
    {
        var output = new MemoryStream();
        await using (var w = ExpositionWriter.Create(output, ExpositionFormat.Text))
        {
            w.BeginFamily("http_requests_total", MetricType.Counter, "Requests by code.\nSecond line with \\ backslash.");
            w.WriteSample("http_requests_total", [new("code", "200"), new("path", "/a\"b\\c\nd")], 1027, 1395066363000);
            w.WriteSample("http_requests_total", [new("code", "500"), new("path", "é😀")], 3, null);
            w.EndFamily();
            w.BeginFamily("temperature_celsius", MetricType.Gauge, "Temperature.");
            w.WriteSample("temperature_celsius", [], -21.5e-7, null);
            w.WriteSample("temperature_celsius", [new("room", "x")], double.NaN, null);
            w.WriteSample("temperature_celsius", [new("room", "y")], double.NegativeInfinity, null);
            w.EndFamily();
            w.BeginFamily("request_duration_seconds", MetricType.Histogram, "Latency.");
            w.WriteSample("request_duration_seconds_bucket", [new("le", "0.1")], 5, null);
            w.WriteSample("request_duration_seconds_bucket", [new("le", "+Inf")], 9, null);
            w.WriteSample("request_duration_seconds_sum", [], 1.5e6, null);
            w.WriteSample("request_duration_seconds_count", [], 9, null);
            w.EndFamily();
            w.BeginFamily("rpc_latency_seconds", MetricType.Summary, "RPC latency.");
            w.WriteSample("rpc_latency_seconds", [new("quantile", "0.99")], 0.25, null);
            w.WriteSample("rpc_latency_seconds_sum", [], 10, null);
            w.WriteSample("rpc_latency_seconds_count", [], 40, null);
            w.EndFamily();
            w.BeginFamily("build_info", MetricType.Untyped, "Build.");
            w.WriteSample("build_info", [new("version", "1.0")], 1, null);
            w.EndFamily();
        }
        var (exit, text) = await PrometheusTools.PromtoolAsync(["check", "metrics"], Encoding.UTF8.GetString(output.ToArray()));
        Assert.True(exit == 0, text);
    }

    public static TheoryData<string> Corpus()
    {
        var data = new TheoryData<string>();
        foreach (var f in RepoPaths.ConformanceFiles("textparse", "*.prom.txt", SearchOption.AllDirectories)
            .Concat(RepoPaths.ConformanceFiles(Path.Combine("textparse", "v2.42.0"), "*"))
            .Concat(RepoPaths.ConformanceFiles("federate-golden-2.42", "01_job_app_text_noaccept.body.txt")))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Conformance, f));
        }
        return data;
    }

    /// <summary>Corpus bodies re-serialised by our writer parse in promtool (lint findings are allowed, parse errors are not).</summary>
    [ConformanceTheory]
    [MemberData(nameof(Corpus))]
    public async Task TextWriter_ReserialisedCorpus_PromtoolParsesIt(string relativePath)
    {
        var sink = new CollectingSink();
        var result = ExpositionReader.Read(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Conformance, relativePath)), ExpositionFormat.Text, sink);
        Assert.True(result.Succeeded);
        var output = new MemoryStream();
        await using (var w = ExpositionWriter.Create(output, ExpositionFormat.Text))
        {
            // Note: a family must be written in one piece (expfmt rejects a second TYPE line), so
            // samples are grouped by family in order of first appearance, as /federate groups by name.
            foreach (var family in sink.Samples.GroupBy(s => s.Family))
            {
                w.BeginFamily(family.Key);
                foreach (var s in family)
                {
                    w.WriteSample(s.Series, s.Value, s.TimestampMs);
                }
                w.EndFamily();
            }
        }
        var (exit, text) = await PrometheusTools.PromtoolAsync(["check", "metrics"], Encoding.UTF8.GetString(output.ToArray()));
        Assert.True(exit is 0 or 3, text);
        Assert.DoesNotContain("error while linting", text, StringComparison.Ordinal);
    }
}
