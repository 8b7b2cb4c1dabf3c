using Aggregator.Shared.Model;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks.Model;

/// <summary>Cost of building and hashing a typical series label set.</summary>
[MemoryDiagnoser]
public class LabelSetBenchmarks
{
    private readonly Label[] _labels =
    [
        new("__name__", "http_requests_total"), new("job", "api"), new("instance", "10.0.0.1:9100"),
        new("method", "GET"), new("code", "200"), new("handler", "/api/v1/query"),
    ];

    [Benchmark]
    public LabelSet Build() => LabelSet.From(_labels);
}
