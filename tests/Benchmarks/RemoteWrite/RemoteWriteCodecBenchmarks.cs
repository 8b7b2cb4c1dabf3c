using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks.RemoteWrite;

/// <summary>
/// Remote-write encode (serialize + snappy) and decode (snappy + parse + validate) of one request of
/// <see cref="Series"/> job-level series with one sample each (the forwarder's typical batch).
/// </summary>
[MemoryDiagnoser]
public class RemoteWriteCodecBenchmarks
{
    private RemoteWriteEncoder _encoder = null!;
    private WriteSeries[] _series = [];
    private byte[] _body = [];

    [Params(500, 5000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _encoder = new RemoteWriteEncoder();
        _series = new WriteSeries[Series];
        for (int i = 0; i < Series; i++)
        {
            var labels = LabelSet.Of(
                "__name__", "job:http_requests:rate5m", "job", "api-" + (i % 20), "instance", $"10.0.{i / 250}.{i % 250}:9100",
                "code", (200 + i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture), "site", "eu-west-1");
            _series[i] = new WriteSeries(labels, [new Sample(1_700_000_000_000 + i, i * 0.25)]);
        }
        _body = _encoder.Encode(_series).Compressed;
    }

    [GlobalCleanup]
    public void Cleanup() => _encoder.Dispose();

    /// <summary>Protobuf serialization only (pooled buffer, no allocation per series).</summary>
    [Benchmark]
    public int Serialize() => _encoder.Serialize(_series).Length;

    [Benchmark]
    public int Encode() => _encoder.Encode(_series).Compressed.Length;

    [Benchmark]
    public int Decode() => RemoteWriteDecoder.Decode(_body).Batch!.Series.Count;
}
