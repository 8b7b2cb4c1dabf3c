using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using BenchmarkDotNet.Attributes;
using IronSnappyCodec = IronSnappy.Snappy;
using SnappierCodec = Snappier.Snappy;

namespace Aggregator.Benchmarks.RemoteWrite;

/// <summary>
/// IronSnappy against Snappier on remote-write bodies of the forwarder's sizes (the serialized protobuf of
/// <see cref="Series"/> job-level series, one sample each): compress as the encoder does (to a new array) and
/// decompress as the decoder does.
/// </summary>
[MemoryDiagnoser]
public class SnappyBenchmarks
{
    private byte[] _raw = [];
    private byte[] _compressed = [];

    [Params(500, 5000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var series = new WriteSeries[Series];
        for (int i = 0; i < Series; i++)
        {
            var labels = LabelSet.Of(
                "__name__", "job:http_requests:rate5m", "job", "api-" + (i % 20), "instance", $"10.0.{i / 250}.{i % 250}:9100",
                "code", (200 + i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture), "site", "eu-west-1");
            series[i] = new WriteSeries(labels, [new Sample(1_700_000_000_000 + i, i * 0.25)]);
        }
        using var encoder = new RemoteWriteEncoder();
        _raw = encoder.Serialize(series).ToArray();
        _compressed = IronSnappyCodec.Encode(_raw);
        if (!SnappierCodec.DecompressToArray(_compressed).AsSpan().SequenceEqual(_raw))
        {
            throw new InvalidOperationException("Snappier does not read IronSnappy's block");
        }
    }

    [Benchmark]
    public int CompressIronSnappy() => IronSnappyCodec.Encode(_raw).Length;

    [Benchmark]
    public int CompressSnappier() => SnappierCodec.CompressToArray(_raw).Length;

    [Benchmark]
    public int DecompressIronSnappy() => IronSnappyCodec.Decode(_compressed).Length;

    [Benchmark]
    public int DecompressSnappier() => SnappierCodec.DecompressToArray(_compressed).Length;
}
