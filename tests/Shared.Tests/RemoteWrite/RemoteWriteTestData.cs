using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Google.Protobuf;
using Proto = Aggregator.Shared.RemoteWrite.Protos;

namespace Aggregator.Shared.Tests.RemoteWrite;

/// <summary>Builds remote-write batches for tests: small fixed ones and seeded random ones.</summary>
internal static class RemoteWriteTestData
{
    public static WriteBatch Small() => new(
    [
        new WriteSeries(LabelSet.Of("__name__", "up", "job", "a"), [new Sample(1000, 1.0)]),
        new WriteSeries(LabelSet.Of("__name__", "http_requests_total", "job", "api", "code", "200"),
            [new Sample(1_700_000_000_000, 42.5), new Sample(1_700_000_015_000, StaleMarker.Value)]),
    ]);

    public static RemoteHistogram IntegerHistogram() => new()
    {
        CountInt = 12, Sum = 18.4, Schema = 1, ZeroThreshold = 0.001, ZeroCountInt = 2,
        NegativeSpans = [new BucketSpan(0, 1)], NegativeDeltas = [1],
        PositiveSpans = [new BucketSpan(0, 2), new BucketSpan(1, 2)], PositiveDeltas = [1, 1, -1, 0],
        ResetHint = HistogramResetHint.No, TimestampMs = 1_700_000_000_000,
    };

    public static RemoteHistogram FloatHistogram() => new()
    {
        CountFloat = 3.5, Sum = -2, Schema = -53, ZeroCountFloat = 0,
        PositiveSpans = [new BucketSpan(-2, 3)], PositiveCounts = [1, 0.5, 2],
        ResetHint = HistogramResetHint.Gauge, TimestampMs = 5,
    };

    public static WriteBatch Random(int seed, int maxSeries = 20)
    {
        var rng = new Random(seed);
        int n = rng.Next(0, maxSeries + 1);
        var series = new List<WriteSeries>(n);
        for (int i = 0; i < n; i++)
        {
            var labels = new List<Label> { new(Label.MetricName, Name(rng, metric: true)) };
            int extra = rng.Next(0, 6);
            for (int j = 0; j < extra; j++)
            {
                labels.Add(new Label(Name(rng, metric: false), Value(rng)));
            }
            var samples = new List<Sample>();
            int count = rng.Next(0, 4);
            long ts = rng.NextInt64(-5_000, 2_000_000_000_000);
            for (int j = 0; j < count; j++)
            {
                ts += rng.Next(0, 30_000);
                samples.Add(new Sample(ts, rng.Next(6) switch
                {
                    0 => 0.0,
                    1 => StaleMarker.Value,
                    2 => double.PositiveInfinity,
                    3 => rng.Next(-1000, 1000),
                    _ => rng.NextDouble() * 1e9,
                }));
            }
            var histograms = rng.Next(5) == 0 ? new[] { IntegerHistogram(), FloatHistogram() } : [];
            series.Add(new WriteSeries(LabelSet.From(labels), samples, histograms));
        }
        var metadata = rng.Next(3) == 0
            ? new[] { new RemoteMetadata(MetricType.Counter, "http_requests_total", "Requests. ✓", "requests") }
            : Array.Empty<RemoteMetadata>();
        return new WriteBatch(series, metadata);
    }

    private static string Name(Random rng, bool metric)
    {
        const string first = "abcxyzABC_";
        const string rest = "abcxyzABC_0189";
        var chars = new char[rng.Next(1, 12)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = i == 0 ? first[rng.Next(first.Length)] : (metric && rng.Next(10) == 0 ? ':' : rest[rng.Next(rest.Length)]);
        }
        var s = new string(chars);
        return s == Label.MetricName ? "x" : s;
    }

    private static string Value(Random rng)
    {
        string[] pool = ["a", "10.0.0.1:9100", "GET", "ünïcödé", "emoji 😀", "quote\"back\\slash\nnewline", "日本"];
        return pool[rng.Next(pool.Length)] + rng.Next(100);
    }

    /// <summary>The same batch as the generated Google.Protobuf message (the reference serializer).</summary>
    public static Proto.WriteRequest ToProto(WriteBatch batch)
    {
        var request = new Proto.WriteRequest();
        foreach (var s in batch.Series)
        {
            var ts = new Proto.TimeSeries();
            foreach (var l in s.Labels.AsSpan())
            {
                ts.Labels.Add(new Proto.Label { Name = l.Name, Value = l.Value });
            }
            foreach (var sample in s.Samples)
            {
                ts.Samples.Add(new Proto.Sample { Value = sample.Value, Timestamp = sample.TimestampMs });
            }
            foreach (var h in s.Histograms)
            {
                ts.Histograms.Add(ToProto(h));
            }
            request.Timeseries.Add(ts);
        }
        foreach (var m in batch.Metadata)
        {
            request.Metadata.Add(new Proto.MetricMetadata
            {
                Type = (Proto.MetricMetadata.Types.MetricType)m.Type, MetricFamilyName = m.MetricFamilyName, Help = m.Help, Unit = m.Unit,
            });
        }
        return request;
    }

    private static Proto.Histogram ToProto(RemoteHistogram h)
    {
        var p = new Proto.Histogram
        {
            Sum = h.Sum, Schema = h.Schema, ZeroThreshold = h.ZeroThreshold,
            ResetHint = (Proto.Histogram.Types.ResetHint)h.ResetHint, Timestamp = h.TimestampMs,
        };
        if (h.CountInt is ulong ci)
        {
            p.CountInt = ci;
        }
        else if (h.CountFloat is double cf)
        {
            p.CountFloat = cf;
        }
        if (h.ZeroCountInt is ulong zi)
        {
            p.ZeroCountInt = zi;
        }
        else if (h.ZeroCountFloat is double zf)
        {
            p.ZeroCountFloat = zf;
        }
        p.NegativeSpans.AddRange(h.NegativeSpans.Select(s => new Proto.BucketSpan { Offset = s.Offset, Length = s.Length }));
        p.PositiveSpans.AddRange(h.PositiveSpans.Select(s => new Proto.BucketSpan { Offset = s.Offset, Length = s.Length }));
        p.NegativeDeltas.AddRange(h.NegativeDeltas);
        p.PositiveDeltas.AddRange(h.PositiveDeltas);
        p.NegativeCounts.AddRange(h.NegativeCounts);
        p.PositiveCounts.AddRange(h.PositiveCounts);
        return p;
    }

    public static byte[] ProtoBytes(WriteBatch batch) => ToProto(batch).ToByteArray();

    /// <summary>Asserts two batches hold the same series, samples (bitwise), histograms and metadata.</summary>
    public static void AssertSame(WriteBatch expected, WriteBatch actual)
    {
        Assert.Equal(expected.Series.Count, actual.Series.Count);
        for (int i = 0; i < expected.Series.Count; i++)
        {
            var e = expected.Series[i];
            var a = actual.Series[i];
            Assert.Equal(e.Labels, a.Labels);
            Assert.Equal(e.Samples.Count, a.Samples.Count);
            for (int j = 0; j < e.Samples.Count; j++)
            {
                Assert.Equal(e.Samples[j].TimestampMs, a.Samples[j].TimestampMs);
                Assert.Equal(BitConverter.DoubleToUInt64Bits(e.Samples[j].Value), BitConverter.DoubleToUInt64Bits(a.Samples[j].Value));
            }
            Assert.Equal(e.Histograms.Count, a.Histograms.Count);
            for (int j = 0; j < e.Histograms.Count; j++)
            {
                Assert.True(e.Histograms[j].SameAs(a.Histograms[j]), $"series {i} histogram {j} differs");
            }
        }
        Assert.Equal(expected.Metadata, actual.Metadata);
    }
}
