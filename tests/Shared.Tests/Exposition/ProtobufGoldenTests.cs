using System.Buffers;
using System.Globalization;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Exposition.Protos;
using Aggregator.Shared.Model;
using Aggregator.Tests.Common;
using ProtoMetricType = Aggregator.Shared.Exposition.Protos.MetricType;
using ModelBucketSpan = Aggregator.Shared.Model.BucketSpan;
using ModelMetricType = Aggregator.Shared.Model.MetricType;

namespace Aggregator.Shared.Tests.Exposition;

/// <summary>
/// The protobuf codec against Prometheus 2.42's captured /federate bodies. The generated
/// Google.Protobuf classes (from our .proto) serve as the independent decoder.
/// </summary>
public class ProtobufGoldenTests
{
    private static string Golden(string name) => Path.Combine(RepoPaths.Conformance, "federate-golden-2.42", name);

    public static TheoryData<string> DelimitedBodies() =>
    [
        "15_accept_proto_delimited.body.bin",
        "21_accept_scrape_header_2.42_proto.body.bin",
        "native_histograms/fed_proto_delimited.body.bin",
        "native_histograms/source_exposition.bin",
    ];

    [ConformanceTheory]
    [MemberData(nameof(DelimitedBodies))]
    public void Read_GoldenBody_MatchesGeneratedDecoder(string file)
    {
        var bytes = File.ReadAllBytes(Golden(file));
        var families = DecodeWithGenerated(bytes);
        var sink = new CollectingSink();

        var result = ExpositionReader.Read(bytes, ExpositionFormat.ProtobufDelimited, sink);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var expectedFloats = new List<string>();
        var expectedHistograms = new List<(LabelSet, double, double, int)>();
        foreach (var f in families)
        {
            foreach (var m in f.Metric)
            {
                var labels = LabelSet.From(m.Label.Where(l => l.Value.Length > 0).Select(l => new Label(l.Name, l.Value)).Append(new Label("__name__", f.Name)));
                long? ts = m.HasTimestampMs ? m.TimestampMs : null;
                if (m.Histogram is { } h && (h.PositiveSpan.Count > 0 || h.NegativeSpan.Count > 0 || h.ZeroThreshold > 0))
                {
                    expectedHistograms.Add((labels, h.HasSampleCountFloat ? h.SampleCountFloat : h.SampleCount, h.SampleSum, h.Schema));
                    continue;
                }
                double v = m.Untyped?.Value ?? m.Gauge?.Value ?? m.Counter?.Value ?? double.NaN;
                expectedFloats.Add(string.Create(CultureInfo.InvariantCulture, $"{labels} {BitConverter.DoubleToInt64Bits(v):x16} {ts}"));
            }
        }
        Assert.Equal(expectedFloats, sink.Canonical());
        Assert.Equal(expectedHistograms, sink.Histograms.Select(h => (h.Series, h.Histogram.Count, h.Histogram.Sum, h.Histogram.Schema)));
    }

    [ConformanceFact]
    public void Read_IntegerDeltaHistogram_ConvertsToAbsoluteCounts()
    {
        var sink = new CollectingSink();
        ExpositionReader.Read(File.ReadAllBytes(Golden("native_histograms/source_exposition.bin")), ExpositionFormat.ProtobufDelimited, sink);
        var first = sink.Histograms[0];
        Assert.Equal("nh_requests_seconds", first.Series.MetricName);
        Assert.Equal(ModelMetricType.Histogram, first.Family.Type);
        Assert.Equal("Native hist.", first.Family.Help);
        Assert.Equal([1.0, 2, 1, 1], first.Histogram.PositiveCounts);
        Assert.Equal([new ModelBucketSpan(0, 2), new ModelBucketSpan(1, 2)], first.Histogram.PositiveSpans);
        Assert.Equal(2, first.Histogram.ZeroCount);
        Assert.Equal(0.001, first.Histogram.ZeroThreshold);
    }

    [ConformanceFact]
    public void Read_EverySplitPointAndOneBytePerSegment_SameResult()
    {
        var bytes = File.ReadAllBytes(Golden("native_histograms/fed_proto_delimited.body.bin"));
        var expected = ReadCanonical(new ReadOnlySequence<byte>(bytes));
        for (int i = 0; i <= bytes.Length; i++)
        {
            Assert.Equal(expected, ReadCanonical(SegmentedSequence.SplitAt(bytes, i)));
        }
        Assert.Equal(expected, ReadCanonical(SegmentedSequence.OneBytePerSegment(bytes)));
    }

    [ConformanceFact]
    public async Task ReadAsync_OneBytePerRead_SameResult()
    {
        var bytes = File.ReadAllBytes(Golden("15_accept_proto_delimited.body.bin"));
        var sink = new CollectingSink();
        var result = await ExpositionReader.ReadAsync(new ChunkedStream(bytes, 1), ExpositionFormat.ProtobufDelimited, sink);
        Assert.True(result.Succeeded);
        Assert.Equal(ReadCanonical(new ReadOnlySequence<byte>(bytes)), sink.Canonical().Append(sink.Histograms.Count.ToString(CultureInfo.InvariantCulture)).ToList());
    }

    [ConformanceFact]
    public void Read_TruncatedBody_ReportsMessageAndOffset()
    {
        var bytes = File.ReadAllBytes(Golden("15_accept_proto_delimited.body.bin"));
        var result = ExpositionReader.Read(bytes.AsMemory(0, bytes.Length - 5), ExpositionFormat.ProtobufDelimited, new CollectingSink());
        var error = Assert.Single(result.Errors);
        Assert.Contains("truncated message", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 1);
    }

    [ConformanceFact]
    public void Read_CorruptedField_ReportsErrorNotCrash()
    {
        var bytes = File.ReadAllBytes(Golden("15_accept_proto_delimited.body.bin"));
        var corrupt = (byte[])bytes.Clone();
        corrupt[40] = 0xff;
        corrupt[41] = 0xff;
        var result = ExpositionReader.Read(corrupt, ExpositionFormat.ProtobufDelimited, new CollectingSink());
        Assert.False(result.Succeeded);
        Assert.StartsWith("protobuf message 1:", result.Errors[0].Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, ExpositionFormat> WriterGoldens() => new()
    {
        { "15_accept_proto_delimited.body.bin", "15_accept_proto_delimited.body.bin", ExpositionFormat.ProtobufDelimited },
        { "15_accept_proto_delimited.body.bin", "16_accept_proto_text.body.txt", ExpositionFormat.ProtobufText },
        { "15_accept_proto_delimited.body.bin", "17_accept_proto_compact.body.txt", ExpositionFormat.ProtobufCompactText },
        { "native_histograms/fed_proto_delimited.body.bin", "native_histograms/fed_proto_delimited.body.bin", ExpositionFormat.ProtobufDelimited },
        { "native_histograms/fed_proto_delimited.body.bin", "native_histograms/fed_proto_text.body.txt", ExpositionFormat.ProtobufText },
    };

    /// <summary>Writing what /federate wrote (same families, labels in wire order) reproduces its bytes exactly.</summary>
    [ConformanceTheory]
    [MemberData(nameof(WriterGoldens))]
    public async Task Write_GoldenFamilies_ByteExact(string source, string expectedFile, ExpositionFormat format)
    {
        var families = DecodeWithGenerated(File.ReadAllBytes(Golden(source)));
        var output = new MemoryStream();
        await using (var w = ExpositionWriter.Create(output, format))
        {
            foreach (var f in families)
            {
                w.BeginFamily(f.Name, f.Type switch
                {
                    ProtoMetricType.Histogram => ModelMetricType.Histogram,
                    ProtoMetricType.GaugeHistogram => ModelMetricType.GaugeHistogram,
                    _ => ModelMetricType.Untyped,
                }, f.HasHelp ? f.Help : null);
                foreach (var m in f.Metric)
                {
                    var labels = m.Label.Select(l => new Label(l.Name, l.Value)).ToArray();
                    long? ts = m.HasTimestampMs ? m.TimestampMs : null;
                    if (m.Histogram is { } h)
                    {
                        w.WriteNativeHistogram(labels, ToModel(h, f.Type == ProtoMetricType.GaugeHistogram), ts);
                    }
                    else
                    {
                        w.WriteSample(f.Name, labels, m.Untyped.Value, ts);
                    }
                }
                w.EndFamily();
            }
        }
        Assert.Equal(File.ReadAllBytes(Golden(expectedFile)), output.ToArray());
    }

    [Fact]
    public async Task Write_ClassicHistogramAndSummary_RoundTripsThroughReader()
    {
        var output = new MemoryStream();
        await using (var w = ExpositionWriter.Create(output, ExpositionFormat.ProtobufDelimited))
        {
            w.BeginFamily("lat", ModelMetricType.Histogram, "Latency.");
            w.WriteSample("lat_bucket", [new("path", "/"), new("le", "0.5")], 3, 1000);
            w.WriteSample("lat_bucket", [new("path", "/"), new("le", "+Inf")], 5, 1000);
            w.WriteSample("lat_sum", [new("path", "/")], 2.5, 1000);
            w.WriteSample("lat_count", [new("path", "/")], 5, 1000);
            w.EndFamily();
            w.BeginFamily("rpc", ModelMetricType.Summary);
            w.WriteSample("rpc", [new("quantile", "0.9")], 0.25, null);
            w.WriteSample("rpc_sum", [], 10, null);
            w.WriteSample("rpc_count", [], 40, null);
            w.EndFamily();
        }
        var sink = new CollectingSink();
        var result = ExpositionReader.Read(output.ToArray(), ExpositionFormat.ProtobufDelimited, sink);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(
            [
                "{__name__=\"lat_count\", path=\"/\"} 5 1000",
                "{__name__=\"lat_sum\", path=\"/\"} 2.5 1000",
                "{__name__=\"lat_bucket\", le=\"0.5\", path=\"/\"} 3 1000",
                "{__name__=\"lat_bucket\", le=\"+Inf\", path=\"/\"} 5 1000",
                "{__name__=\"rpc_count\"} 40 ",
                "{__name__=\"rpc_sum\"} 10 ",
                "{__name__=\"rpc\", quantile=\"0.9\"} 0.25 ",
            ],
            sink.Samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Series} {s.Value} {s.TimestampMs}")));
        Assert.Equal(ModelMetricType.Histogram, sink.Samples[0].Family.Type);
        Assert.Equal("Latency.", sink.Samples[0].Family.Help);
    }

    private static NativeHistogram ToModel(Histogram h, bool gauge) => new()
    {
        Schema = h.Schema,
        ZeroThreshold = h.ZeroThreshold,
        ZeroCount = h.ZeroCountFloat,
        Count = h.SampleCountFloat,
        Sum = h.SampleSum,
        IsGauge = gauge,
        PositiveSpans = h.PositiveSpan.Select(s => new ModelBucketSpan(s.Offset, s.Length)).ToList(),
        PositiveCounts = h.PositiveCount.ToList(),
        NegativeSpans = h.NegativeSpan.Select(s => new ModelBucketSpan(s.Offset, s.Length)).ToList(),
        NegativeCounts = h.NegativeCount.ToList(),
    };

    private static List<string> ReadCanonical(ReadOnlySequence<byte> body)
    {
        var sink = new CollectingSink();
        var result = ExpositionReader.Read(body, ExpositionFormat.ProtobufDelimited, sink);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return sink.Canonical().Append(sink.Histograms.Count.ToString(CultureInfo.InvariantCulture)).ToList();
    }

    internal static List<MetricFamily> DecodeWithGenerated(byte[] bytes)
    {
        var list = new List<MetricFamily>();
        var stream = new MemoryStream(bytes);
        while (stream.Position < stream.Length)
        {
            list.Add(MetricFamily.Parser.ParseDelimitedFrom(stream));
        }
        return list;
    }
}
