using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using IronSnappy;
using Proto = Aggregator.Shared.RemoteWrite.Protos;

namespace Aggregator.Shared.Tests.RemoteWrite;

public class RemoteWriteDecoderTests
{
    private static byte[] Compress(Proto.WriteRequest request) => Snappy.Encode(request.ToByteArray());

    private static Proto.WriteRequest OneSeries(params string[] namesAndValues)
    {
        var ts = new Proto.TimeSeries();
        for (int i = 0; i < namesAndValues.Length; i += 2)
        {
            ts.Labels.Add(new Proto.Label { Name = namesAndValues[i], Value = namesAndValues[i + 1] });
        }
        ts.Samples.Add(new Proto.Sample { Value = 1, Timestamp = 1 });
        var request = new Proto.WriteRequest();
        request.Timeseries.Add(new Proto.TimeSeries(OkSeries()));
        request.Timeseries.Add(ts);
        return request;
    }

    private static Proto.TimeSeries OkSeries()
    {
        var ts = new Proto.TimeSeries();
        ts.Labels.Add(new Proto.Label { Name = "__name__", Value = "ok" });
        return ts;
    }

    [Fact]
    public void Decode_RandomBatchesFromGoogleProtobuf_RoundTrip()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var batch = RemoteWriteTestData.Random(seed);

            var result = RemoteWriteDecoder.Decode(Snappy.Encode(RemoteWriteTestData.ProtoBytes(batch)));

            Assert.True(result.Ok, result.Error?.ToString());
            RemoteWriteTestData.AssertSame(batch, result.Batch);
        }
    }

    [Fact]
    public void Decode_ExemplarsAndUnknownFields_AreSkipped()
    {
        var request = OneSeries("__name__", "m", "job", "j");
        request.Timeseries[1].Exemplars.Add(new Proto.Exemplar { Value = 3, Timestamp = 4, Labels = { new Proto.Label { Name = "trace_id", Value = "abc" } } });
        var bytes = request.ToByteArray().Concat(new byte[] { 0x28, 0x05, 0x3d, 1, 2, 3, 4 }).ToArray(); // field 5 varint, field 7 fixed32

        var result = RemoteWriteDecoder.DecodeProtobuf(bytes);

        Assert.True(result.Ok, result.Error?.ToString());
        Assert.Equal(LabelSet.Of("__name__", "m", "job", "j"), result.Batch.Series[1].Labels);
    }

    [Fact]
    public void Decode_EmptyLabelValue_LabelDropped()
    {
        var result = RemoteWriteDecoder.Decode(Compress(OneSeries("__name__", "m", "empty", "", "job", "j")));

        Assert.True(result.Ok, result.Error?.ToString());
        Assert.Equal(LabelSet.Of("__name__", "m", "job", "j"), result.Batch.Series[1].Labels);
    }

    [Fact]
    public void Decode_UnpackedRepeatedHistogramFields_Accepted()
    {
        // Histogram{count_int=1, positive_spans=[{0,2}], positive_deltas=1 and 0 unpacked (wire type 0)}.
        byte[] histogram = [0x08, 0x01, 0x5a, 0x02, 0x10, 0x02, 0x60, 0x02, 0x60, 0x00];
        var series = OkSeries().ToByteArray().Concat(new byte[] { 0x22, (byte)histogram.Length }).Concat(histogram).ToArray();
        var body = new byte[] { 0x0a, (byte)series.Length }.Concat(series).ToArray();

        var result = RemoteWriteDecoder.DecodeProtobuf(body);

        Assert.True(result.Ok, result.Error?.ToString());
        Assert.Equal([1L, 0L], result.Batch.Series[0].Histograms[0].PositiveDeltas);
    }

    [Theory]
    [InlineData(new[] { "__name__", "m", "1bad", "v" }, RemoteWriteErrorKind.InvalidLabelName, "1bad")]
    [InlineData(new[] { "", "v", "__name__", "m" }, RemoteWriteErrorKind.InvalidLabelName, "")]
    [InlineData(new[] { "__name__", "m", "a-b", "v" }, RemoteWriteErrorKind.InvalidLabelName, "a-b")]
    [InlineData(new[] { "__name__", "1m" }, RemoteWriteErrorKind.InvalidMetricName, "__name__")]
    [InlineData(new[] { "__name__", "" , "job", "j" }, RemoteWriteErrorKind.MissingMetricName, "__name__")]
    [InlineData(new[] { "job", "j" }, RemoteWriteErrorKind.MissingMetricName, null)]
    [InlineData(new[] { "__name__", "m", "job", "j", "a", "1" }, RemoteWriteErrorKind.UnsortedLabels, "a")]
    [InlineData(new[] { "__name__", "m", "job", "j", "job", "k" }, RemoteWriteErrorKind.DuplicateLabelName, "job")]
    public void Decode_InvalidLabels_ErrorNamesKindSeriesAndLabel(string[] labels, RemoteWriteErrorKind kind, string? label)
    {
        var result = RemoteWriteDecoder.Decode(Compress(OneSeries(labels)));

        Assert.False(result.Ok);
        Assert.Equal(kind, result.Error.Kind);
        Assert.Equal(1, result.Error.SeriesIndex);
        Assert.Equal(label, result.Error.LabelName);
        Assert.StartsWith("series 1", result.Error.ToString());
    }

    [Fact]
    public void Decode_InvalidUtf8Value_ErrorNamesSeriesAndLabel()
    {
        // Series{labels: [__name__="m", job=<0xff>]}.
        byte[] series = [0x0a, 0x0d, 0x0a, 0x08, .. "__name__"u8, 0x12, 0x01, (byte)'m', 0x0a, 0x08, 0x0a, 0x03, .. "job"u8, 0x12, 0x01, 0xff];
        var body = new byte[] { 0x0a, (byte)series.Length }.Concat(series).ToArray();

        var result = RemoteWriteDecoder.DecodeProtobuf(body);

        Assert.Equal(RemoteWriteErrorKind.InvalidUtf8, result.Error!.Kind);
        Assert.Equal(0, result.Error.SeriesIndex);
        Assert.Equal("job", result.Error.LabelName);
    }

    [Fact]
    public void Decode_InvalidBucketSpans_Rejected()
    {
        var request = OneSeries("__name__", "h");
        request.Timeseries[1].Histograms.Add(new Proto.Histogram { CountInt = 1, PositiveSpans = { new Proto.BucketSpan { Length = 3 } }, PositiveDeltas = { 1 } });

        var result = RemoteWriteDecoder.Decode(Compress(request));

        Assert.Equal(RemoteWriteErrorKind.InvalidHistogram, result.Error!.Kind);
        Assert.Contains("need 3 buckets, have 1", result.Error.Message);
    }

    [Fact]
    public void Decode_TooManySeries_Rejected()
    {
        var request = new Proto.WriteRequest();
        for (int i = 0; i < 4; i++)
        {
            request.Timeseries.Add(OkSeries());
        }

        var result = RemoteWriteDecoder.Decode(Compress(request), new RemoteWriteLimits { MaxSeriesPerRequest = 3 });

        Assert.Equal(RemoteWriteErrorKind.TooManySeries, result.Error!.Kind);
        Assert.Equal(3, result.Error.SeriesIndex);
    }

    [Fact]
    public void Decode_TooManyLabels_Rejected()
    {
        var result = RemoteWriteDecoder.Decode(Compress(OneSeries("__name__", "m", "a", "1", "b", "2")), new RemoteWriteLimits { MaxLabelsPerSeries = 2 });

        Assert.Equal(RemoteWriteErrorKind.TooManyLabels, result.Error!.Kind);
    }

    [Fact]
    public void Decode_DecodedLengthOverLimit_RejectedBeforeDecompressing()
    {
        // Note: a header claiming 1 GiB followed by garbage; the header alone must be enough to refuse.
        byte[] body = [0x80, 0x80, 0x80, 0x80, 0x04, 1, 2, 3];

        var result = RemoteWriteDecoder.Decode(body);

        Assert.Equal(RemoteWriteErrorKind.DecodedBodyTooLarge, result.Error!.Kind);
        Assert.Contains("1073741824", result.Error.Message);
    }

    [Fact]
    public void Decode_CompressedBodyOverLimit_Rejected()
    {
        var limits = new RemoteWriteLimits { MaxDecodedBytes = 60 };

        var result = RemoteWriteDecoder.Decode(new byte[limits.MaxCompressedBytes + 1], limits);

        Assert.Equal(RemoteWriteErrorKind.BodyTooLarge, result.Error!.Kind);
    }

    [Fact]
    public void Decode_NotSnappy_InvalidSnappy()
    {
        var result = RemoteWriteDecoder.Decode("hello, this is not snappy"u8);

        Assert.Equal(RemoteWriteErrorKind.InvalidSnappy, result.Error!.Kind);
    }

    [Fact]
    public void Decode_EmptyBody_InvalidSnappy()
    {
        Assert.Equal(RemoteWriteErrorKind.InvalidSnappy, RemoteWriteDecoder.Decode([]).Error!.Kind);
    }

    [Fact]
    public void DecodeProtobuf_EveryTruncation_ErrorWithOffsetOrValidPrefix()
    {
        var raw = RemoteWriteTestData.ProtoBytes(RemoteWriteTestData.Random(3, maxSeries: 5) with { });
        var full = RemoteWriteDecoder.DecodeProtobuf(raw);
        Assert.True(full.Ok);

        for (int n = 0; n < raw.Length; n++)
        {
            var result = RemoteWriteDecoder.DecodeProtobuf(raw.AsSpan(0, n));

            // Note: a cut exactly between two series is a valid shorter request; anywhere else is an error with an offset.
            if (result.Ok)
            {
                Assert.True(result.Batch.Series.Count < full.Batch.Series.Count || full.Batch.Metadata.Count > 0);
            }
            else
            {
                Assert.Equal(RemoteWriteErrorKind.InvalidProtobuf, result.Error.Kind);
                Assert.InRange(result.Error.Offset!.Value, 0, n);
            }
        }
    }

    [Fact]
    public void Decode_EveryCompressedTruncationAndByteFlip_NeverThrows()
    {
        var body = Snappy.Encode(RemoteWriteTestData.ProtoBytes(RemoteWriteTestData.Small()));

        for (int n = 0; n < body.Length; n++)
        {
            Assert.False(RemoteWriteDecoder.Decode(body.AsSpan(0, n)).Ok);
            for (int bit = 0; bit < 8; bit++)
            {
                var corrupt = (byte[])body.Clone();
                corrupt[n] ^= (byte)(1 << bit);
                var result = RemoteWriteDecoder.Decode(corrupt);
                Assert.True(result.Ok || result.Error.Message.Length > 0);
            }
        }
    }

    [Fact]
    public void DecodeProtobuf_EveryByteFlip_NeverThrows()
    {
        var raw = RemoteWriteTestData.ProtoBytes(RemoteWriteTestData.Random(11, maxSeries: 4));

        for (int n = 0; n < raw.Length; n++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                var corrupt = (byte[])raw.Clone();
                corrupt[n] ^= (byte)(1 << bit);
                var result = RemoteWriteDecoder.DecodeProtobuf(corrupt);
                Assert.True(result.Ok || result.Error.Message.Length > 0);
            }
        }
    }

    [Fact]
    public void Decode_FuzzedBytes_NeverThrows()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            var a = RemoteWriteDecoder.Decode(bytes);
            var b = RemoteWriteDecoder.DecodeProtobuf(bytes);
            return (a.Ok || a.Error.Message.Length > 0) && (b.Ok || b.Error.Message.Length > 0);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decode_FuzzedSnappyOfFuzzedProtobuf_NeverThrows()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            var r = RemoteWriteDecoder.Decode(Snappy.Encode(bytes));
            return r.Ok || r.Error.Kind != RemoteWriteErrorKind.InvalidSnappy;
        }).QuickCheckThrowOnFailure();
    }
}
