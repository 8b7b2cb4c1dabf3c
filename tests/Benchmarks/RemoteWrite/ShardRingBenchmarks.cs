using Aggregator.Shared.Model;
using Aggregator.Shared.Ring;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks.RemoteWrite;

/// <summary>Routing cost per series: shard of a label set (hash without site) and its owners; and building a ring.</summary>
[MemoryDiagnoser]
public class ShardRingBenchmarks
{
    private ShardRing _ring = null!;
    private LabelSet _labels = null!;
    private string[] _members = [];

    [GlobalSetup]
    public void Setup()
    {
        _members = [.. Enumerable.Range(0, 10).Select(i => $"aggregator-{i}:9090")];
        _ring = ShardRing.Create(_members, replicationFactor: 2);
        _labels = LabelSet.Of("__name__", "job:http_requests:rate5m", "job", "api", "instance", "10.0.0.1:9100", "code", "200", "site", "eu-west-1");
    }

    /// <summary>Shard lookup including hashing the label set without the site label.</summary>
    [Benchmark]
    public int ShardOf() => _ring.ShardOf(_labels, "site");

    /// <summary>Owners of a precomputed shard (a span over the placement table).</summary>
    [Benchmark]
    public int OwnersOf() => _ring.OwnersOf(137).Length;

    /// <summary>Rebuilding the placement of 256 shards on 10 members, R=2 (on each membership change).</summary>
    [Benchmark]
    public int Create() => ShardRing.Create(_members, replicationFactor: 2).ShardCount;
}
