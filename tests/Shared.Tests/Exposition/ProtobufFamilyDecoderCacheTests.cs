using Aggregator.Shared.Exposition;
using Aggregator.Shared.Exposition.Protos;
using Aggregator.Tests.Common;
using Google.Protobuf;
using MetricType = Aggregator.Shared.Exposition.Protos.MetricType;

namespace Aggregator.Shared.Tests.Exposition;

/// <summary>
/// The protobuf reader's series cache keeps no copy of a series' encoded labels, only a hash: every hit must be
/// proved against the body's label pairs. Each test reads through a warm cache and compares with a fresh parse;
/// a cache whose hash keeps no bits makes every series collide with every other, so only the proof decides.
/// </summary>
public class ProtobufFamilyDecoderCacheTests
{
    [Theory]
    [InlineData(uint.MaxValue)]
    [InlineData(0u)]
    public void Read_BodyTwiceAndReordered_SameAsFreshParseAndCachedInstances(uint hashMask)
    {
        var cache = new ExpositionCache { SeriesHashMask = hashMask };
        var families = Families();
        var body = Body(families);

        var first = Read(body, cache);
        var second = Read(body, cache);
        var reordered = Read(Body(Enumerable.Reverse(families)), cache);

        Assert.Equal(Read(body, new ExpositionCache()).Canonical(withType: true), first.Canonical(withType: true));
        Assert.Equal(first.Canonical(withType: true), second.Canonical(withType: true));
        Assert.Equal(first.Samples.Count, second.Samples.Count);
        Assert.All(first.Samples.Zip(second.Samples), p => Assert.Same(p.First.Series, p.Second.Series));
        var byText = first.Samples.ToDictionary(s => s.Series.ToString(), s => s.Series);
        Assert.Equal(first.Samples.Count, byText.Count);
        Assert.All(reordered.Samples, s => Assert.Same(byText[s.Series.ToString()], s.Series));
    }

    [Theory]
    [InlineData(uint.MaxValue)]
    [InlineData(0u)]
    public void Read_LongValuesAndHandEncodedPairs_SameAsFreshParseAndCachedInstances(uint hashMask)
    {
        var cache = new ExpositionCache { SeriesHashMask = hashMask };
        string long200 = new('v', 200);
        string long20k = new('w', 20_000);
        var body = Concat(
            Body([Counter("long_total", [("a", long200)], [("a", long200[..^1] + "x")], [("a", long20k)], [("a", long20k[..^1] + "x")])]),
            // Note: pairs as no writer we know spells them: value before name and an unknown field (the wire walk
            // cannot read them, the pair-by-pair walk must), a length in two bytes where one would do (both read 1).
            RawCounter(
                "raw_total",
                [0x12, 0x01, (byte)'1', 0x0a, 0x01, (byte)'a'],
                [0x0a, 0x01, (byte)'a', 0x12, 0x01, (byte)'2', 0x18, 0x07],
                [0x0a, 0x81, 0x00, (byte)'a', 0x12, 0x01, (byte)'3'],
                [0x0a, 0x01, (byte)'a', 0x12, 0x01, (byte)'1']));

        var first = Read(body, cache);
        var second = Read(body, cache);

        Assert.Equal(Read(body, new ExpositionCache()).Canonical(withType: true), first.Canonical(withType: true));
        Assert.Equal(first.Canonical(withType: true), second.Canonical(withType: true));
        Assert.Equal(8, first.Samples.Count);
        Assert.All(first.Samples.Zip(second.Samples), p => Assert.Same(p.First.Series, p.Second.Series));
        Assert.Equal(7, first.Samples.Select(s => s.Series.ToString()).Distinct().Count());
    }

    [Theory]
    [InlineData(uint.MaxValue)]
    [InlineData(0u)]
    public void Read_MoreBoundsThanTheBoundTableHolds_EveryBucketKeepsItsOwnLe(uint hashMask)
    {
        // Note: 300 distinct bounds share the decoder's 64 bound slots, so slots are taken over between reads and
        // within one; every le must still be its own bound's text, on the first read and on the warm ones.
        var histogram = new MetricFamily { Name = "wide_seconds", Type = MetricType.Histogram };
        for (int s = 0; s < 2; s++)
        {
            var h = new Histogram { SampleCount = 300, SampleSum = 1 };
            for (int i = 0; i < 300; i++)
            {
                h.Bucket.Add(new Bucket { UpperBound = (i + 1) * 0.37 / (s + 1), CumulativeCount = (ulong)i });
            }
            histogram.Metric.Add(Metric([("job", "api" + s)], histogram: h));
        }
        var body = Body([histogram]);
        var cache = new ExpositionCache { SeriesHashMask = hashMask };

        var reads = Enumerable.Range(0, 3).Select(_ => Read(body, cache)).ToList();

        var expected = Read(body, new ExpositionCache()).Canonical(withType: true);
        Assert.All(reads, r => Assert.Equal(expected, r.Canonical(withType: true)));
        var buckets = reads[^1].Samples.Where(x => x.Series.Get("le") is { } le && le != "+Inf").ToList();
        Assert.Equal(600, buckets.Count);
        Assert.All(buckets, x =>
        {
            double bound = double.Parse(x.Series.Get("le")!, System.Globalization.CultureInfo.InvariantCulture);
            Span<byte> text = stackalloc byte[PromFloat.MaxLength];
            int n = PromFloat.FormatOpenMetrics(bound, text);
            Assert.Equal(System.Text.Encoding.ASCII.GetString(text[..n]), x.Series.Get("le"));
        });
        Assert.Equal(600, buckets.Select(x => x.Series.ToString()).Distinct().Count());
    }

    [Fact]
    public void Read_WarmSortedBody_ConfirmsWithoutBuildingAnySeries()
    {
        var cache = new ExpositionCache();
        var family = new MetricFamily { Name = "app_requests_total", Type = MetricType.Counter, Help = "Requests." };
        for (int i = 0; i < 2_000; i++)
        {
            family.Metric.Add(Metric([("code", "200"), ("handler", "/api/h" + i), ("instance", "10.0.0.1:9100"), ("job", "api"), ("method", "GET")],
                new Counter { Value = i }));
        }
        var body = Body([family]);
        var sink = new CountingSink();
        ExpositionReader.Read(body, ExpositionFormat.ProtobufDelimited, sink, cache);
        ExpositionReader.Read(body, ExpositionFormat.ProtobufDelimited, sink, cache);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = ExpositionReader.Read(body, ExpositionFormat.ProtobufDelimited, sink, cache);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.Succeeded);
        Assert.Equal(6_000, sink.Count);
        // Note: a label set per series would be ~100 B each (200 KB); the reader's own result and session are a few hundred.
        Assert.InRange(allocated, 0, 4_096);
    }

    [Theory]
    [InlineData(uint.MaxValue)]
    [InlineData(0u)]
    public void Read_SeriesChangedInPlace_GetsItsOwnLabelsNotThePredictedOnes(uint hashMask)
    {
        var cache = new ExpositionCache { SeriesHashMask = hashMask };
        Read(Body([Counter("c_total", [("a", "1"), ("b", "x")])]), cache);

        var changed = Read(Body([Counter("c_total", [("a", "2"), ("b", "x")])]), cache);
        var renamed = Read(Body([Counter("c_total", [("a", "1"), ("c", "x")])]), cache);
        var emptied = Read(Body([Counter("c_total", [("a", "1"), ("b", "")])]), cache);

        Assert.Equal("{__name__=\"c_total\", a=\"2\", b=\"x\"}", Assert.Single(changed.Samples).Series.ToString());
        Assert.Equal("{__name__=\"c_total\", a=\"1\", c=\"x\"}", Assert.Single(renamed.Samples).Series.ToString());
        Assert.Equal("{__name__=\"c_total\", a=\"1\"}", Assert.Single(emptied.Samples).Series.ToString());
    }

    [Theory]
    [InlineData("__name__")]
    [InlineData("1bad")]
    public void Read_InvalidLabelSecondTime_StillRefused(string name)
    {
        var cache = new ExpositionCache { SeriesHashMask = 0 };
        var good = Counter("c_total", [("a", "1")]);
        var bad = Counter("c_total", [("a", "1"), (name, "")]);
        Read(Body([good]), cache);

        var first = ExpositionReader.Read(Body([bad]), ExpositionFormat.ProtobufDelimited, new CollectingSink(), cache);
        var second = ExpositionReader.Read(Body([bad]), ExpositionFormat.ProtobufDelimited, new CollectingSink(), cache);

        Assert.False(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Equal(first.Errors, second.Errors);
    }

    [Fact]
    public void Read_ManySeries_CacheHoldsOneEntryPerSeriesAfterManyReads()
    {
        var cache = new ExpositionCache();
        var family = new MetricFamily { Name = "m_total", Type = MetricType.Counter };
        for (int i = 0; i < 5_000; i++)
        {
            // Note: pairs out of order (z before a): the proof cannot walk them, the built set is compared instead.
            family.Metric.Add(Metric(i % 2 == 0 ? [("a", "x"), ("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]
                : [("z", "y"), ("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], new Counter { Value = i }));
        }
        var body = Body([family]);

        for (int round = 0; round < 4; round++)
        {
            Assert.Equal(5_000, Read(body, cache).Samples.Count);
        }

        Assert.Equal(5_000, cache.Series.Count);
    }

    private static CollectingSink Read(byte[] body, ExpositionCache cache)
    {
        var sink = new CollectingSink();
        var result = ExpositionReader.Read(body, ExpositionFormat.ProtobufDelimited, sink, cache);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return sink;
    }

    private static byte[] Body(IEnumerable<MetricFamily> families)
    {
        using var stream = new MemoryStream();
        foreach (var family in families)
        {
            family.WriteDelimitedTo(stream);
        }
        return stream.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A counter family with one metric per pair, whose one label field holds that pair's bytes as given.</summary>
    private static byte[] RawCounter(string name, params byte[][] pairs)
    {
        using var family = new MemoryStream();
        var f = new CodedOutputStream(family);
        f.WriteTag(1, WireFormat.WireType.LengthDelimited);
        f.WriteString(name);
        foreach (var pair in pairs)
        {
            using var metric = new MemoryStream();
            var m = new CodedOutputStream(metric);
            m.WriteTag(1, WireFormat.WireType.LengthDelimited);
            m.WriteBytes(ByteString.CopyFrom(pair));
            m.WriteTag(3, WireFormat.WireType.LengthDelimited);
            m.WriteMessage(new Counter { Value = 1 });
            m.Flush();
            f.WriteTag(4, WireFormat.WireType.LengthDelimited);
            f.WriteBytes(ByteString.CopyFrom(metric.ToArray()));
        }
        f.Flush();
        using var body = new MemoryStream();
        var b = new CodedOutputStream(body);
        b.WriteBytes(ByteString.CopyFrom(family.ToArray()));
        b.Flush();
        return body.ToArray();
    }

    /// <summary>Every shape the reader flattens, with pairs sorted, unsorted, empty-valued and non-ASCII.</summary>
    private static List<MetricFamily> Families()
    {
        var summary = new MetricFamily { Name = "rpc_seconds", Type = MetricType.Summary };
        summary.Metric.Add(Metric([("job", "api")], summary: new Summary
        {
            SampleCount = 3,
            SampleSum = 1.5,
            Quantile = { new Quantile { Quantile_ = 0.5, Value = 0.2 }, new Quantile { Quantile_ = 0.99, Value = 0.9 } },
        }));
        var histogram = new MetricFamily { Name = "latency_seconds", Type = MetricType.Histogram };
        histogram.Metric.Add(Metric([("job", "api"), ("path", "/a")], histogram: new Histogram
        {
            SampleCount = 4,
            SampleSum = 2,
            Bucket = { new Bucket { UpperBound = 0.1, CumulativeCount = 1 }, new Bucket { UpperBound = 1, CumulativeCount = 3 } },
        }));
        return
        [
            Counter("requests_total", [("code", "200"), ("job", "api")], [("code", "500"), ("job", "api")], [("code", "200"), ("job", "web")]),
            Counter("unsorted_total", [("job", "api"), ("code", "200")], [("z", "1"), ("a", "2"), ("m", "3")]),
            Counter("empty_total", [("a", "1"), ("b", "")], [("a", "2")], [("b", ""), ("a", "3")]),
            Counter("unicode_total", [("city", "Zürich")], [("city", "東京")], [("city", "Zurich")]),
            Counter("named_le_total", [("le", "0.5"), ("quantile", "1")]),
            summary,
            histogram,
        ];
    }

    private static MetricFamily Counter(string name, params (string Name, string Value)[][] series)
    {
        var family = new MetricFamily { Name = name, Type = MetricType.Counter };
        for (int i = 0; i < series.Length; i++)
        {
            family.Metric.Add(Metric(series[i], new Counter { Value = i + 1 }));
        }
        return family;
    }

    private static Metric Metric((string Name, string Value)[] labels, Counter? counter = null, Summary? summary = null, Histogram? histogram = null)
    {
        var metric = new Metric { TimestampMs = 1_700_000_000_000 };
        foreach (var (name, value) in labels)
        {
            metric.Label.Add(new LabelPair { Name = name, Value = value });
        }
        if (counter is not null)
        {
            metric.Counter = counter;
        }
        if (summary is not null)
        {
            metric.Summary = summary;
        }
        if (histogram is not null)
        {
            metric.Histogram = histogram;
        }
        return metric;
    }

    private sealed class CountingSink : IExpositionSink
    {
        public int Count { get; private set; }

        public void OnSample(in ExposedSample sample) => Count++;
    }
}
