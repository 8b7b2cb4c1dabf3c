using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using IronSnappy;

namespace Aggregator.Shared.Tests.RemoteWrite;

public class RemoteWriteEncoderTests
{
    [Fact]
    public void Serialize_OneSeriesOneSample_MatchesGoldenBytes()
    {
        using var encoder = new RemoteWriteEncoder();
        var series = new[] { new WriteSeries(LabelSet.Of("__name__", "up", "job", "a"), [new Sample(1000, 1.0)]) };

        var bytes = encoder.Serialize(series).ToArray();

        // WriteRequest{timeseries: {labels: [__name__=up, job=a], samples: [{1.0, 1000}]}}, by hand.
        byte[] golden =
        [
            0x0a, 0x28,
            0x0a, 0x0e, 0x0a, 0x08, (byte)'_', (byte)'_', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'_', (byte)'_',
            0x12, 0x02, (byte)'u', (byte)'p',
            0x0a, 0x08, 0x0a, 0x03, (byte)'j', (byte)'o', (byte)'b', 0x12, 0x01, (byte)'a',
            0x12, 0x0c, 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 0xe8, 0x07,
        ];
        Assert.Equal(golden, bytes);
    }

    [Fact]
    public void Serialize_StaleMarkerAndNegativeTimestamp_MatchesGoldenBytes()
    {
        using var encoder = new RemoteWriteEncoder();
        var series = new[] { new WriteSeries(LabelSet.Of("__name__", "x"), [new Sample(-1, StaleMarker.Value)]) };

        var bytes = encoder.Serialize(series).ToArray();

        byte[] golden =
        [
            0x0a, 0x25,
            0x0a, 0x0d, 0x0a, 0x08, (byte)'_', (byte)'_', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'_', (byte)'_',
            0x12, 0x01, (byte)'x',
            // Sample: value 0x7ff0000000000002 (fixed64 LE), timestamp -1 as a ten-byte varint.
            0x12, 0x14, 0x09, 0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f,
            0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
        ];
        Assert.Equal(golden, bytes);
    }

    [Fact]
    public void Serialize_HistogramsAndMetadata_EqualsGoogleProtobuf()
    {
        using var encoder = new RemoteWriteEncoder();
        var batch = new WriteBatch(
            [new WriteSeries(LabelSet.Of("__name__", "h"), [], [RemoteWriteTestData.IntegerHistogram(), RemoteWriteTestData.FloatHistogram()])],
            [new RemoteMetadata(MetricType.Histogram, "h", "help", "seconds")]);

        var ours = encoder.Serialize(batch.Series, batch.Metadata).ToArray();

        Assert.Equal(RemoteWriteTestData.ProtoBytes(batch), ours);
    }

    [Fact]
    public void Serialize_RandomBatches_EqualGoogleProtobuf()
    {
        using var encoder = new RemoteWriteEncoder();
        for (int seed = 0; seed < 300; seed++)
        {
            var batch = RemoteWriteTestData.Random(seed);

            var ours = encoder.Serialize(batch.Series, batch.Metadata).ToArray();

            Assert.Equal(RemoteWriteTestData.ProtoBytes(batch), ours);
        }
    }

    [Fact]
    public void Encode_Body_IsSnappyBlockOfSerializedRequest()
    {
        using var encoder = new RemoteWriteEncoder();
        var batch = RemoteWriteTestData.Small();
        var raw = encoder.Serialize(batch.Series).ToArray();

        var body = encoder.Encode(batch.Series);

        Assert.Equal(raw, Snappy.Decode(body.Compressed));
        Assert.Equal(raw.Length, body.UncompressedLength);
        Assert.Equal(2, body.SeriesCount);
        Assert.Equal(3, body.SampleCount);
    }

    [Fact]
    public void Encode_ReusedEncoder_LargeThenSmall_ProducesIndependentBodies()
    {
        using var encoder = new RemoteWriteEncoder();
        var large = RemoteWriteTestData.Random(7, maxSeries: 200);
        var small = RemoteWriteTestData.Small();

        var first = encoder.Encode(large.Series, large.Metadata);
        var second = encoder.Encode(small.Series);

        RemoteWriteTestData.AssertSame(large, RemoteWriteDecoder.Decode(first.Compressed).Batch!);
        RemoteWriteTestData.AssertSame(small, RemoteWriteDecoder.Decode(second.Compressed).Batch!);
    }
}
