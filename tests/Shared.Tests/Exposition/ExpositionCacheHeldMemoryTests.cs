using System.Globalization;
using System.Runtime.CompilerServices;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Exposition.Protos;
using Aggregator.Shared.Model;
using Aggregator.Shared.Tests.Storage;
using Google.Protobuf;
using Xunit.Abstractions;
using MetricType = Aggregator.Shared.Exposition.Protos.MetricType;

namespace Aggregator.Shared.Tests.Exposition;

/// <summary>
/// What a source's reader cache holds per series of a protobuf body beyond the label sets it hands out (which
/// the store keeps anyway): the series table and the string table. Bytes are <c>GC.GetTotalMemory(true)</c>
/// deltas, the label sets kept alive outside the cache on both sides of the difference.
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class ExpositionCacheHeldMemoryTests(ITestOutputHelper output)
{
    private const int Series = 100_000;

    // Note: 16 B per entry and 8 B of hash slots per series, each up to twice that after growing by doubling
    // (48 B at most), plus the string table's share of the one distinct value per series (~40 B). Keeping each
    // series' encoded labels, as before, held ~200 B per series here (BENCHMARKS.md "Node memory, wave 4").
    private const int Budget = 110;

    [Fact]
    public void Read_ManySeriesTwice_CacheHoldsAtMostBudgetBytesPerSeriesBeyondLabelSets()
    {
        var body = Body();
        var kept = new LabelSet[Series];
        long withoutCache = SettledHeap();

        long withCache = ReadTwiceAndMeasure(body, kept, out var count);

        long labelSetsOnly = SettledHeap();
        double perSeries = (withCache - labelSetsOnly) / (double)Series;
        output.WriteLine($"series={count} cacheBytesPerSeries={perSeries:F1} labelSetBytesPerSeries={(labelSetsOnly - withoutCache) / (double)Series:F1}");
        Assert.Equal(Series, count);
        Assert.InRange(perSeries, 1, Budget);
        GC.KeepAlive(kept);
        GC.KeepAlive(body);
    }

    /// <summary>Reads the body twice through one cache; the heap while the cache is alive. The cache dies on return.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long ReadTwiceAndMeasure(byte[] body, LabelSet[] kept, out int count)
    {
        var cache = new ExpositionCache();
        var sink = new KeepingSink(kept);
        for (int round = 0; round < 2; round++)
        {
            sink.Count = 0;
            var result = ExpositionReader.Read(body, ExpositionFormat.ProtobufDelimited, sink, cache);
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        }
        count = cache.Series.Count;
        long heap = SettledHeap();
        GC.KeepAlive(cache);
        return heap;
    }

    /// <summary>100 families of 1,000 series: code, handler, instance (one per 200 series), job, method, series.</summary>
    private static byte[] Body()
    {
        using var stream = new MemoryStream();
        for (int f = 0; f < 100; f++)
        {
            var family = new MetricFamily { Name = "http_requests_" + f.ToString(CultureInfo.InvariantCulture) + "_total", Type = MetricType.Counter };
            for (int i = 0; i < 1_000; i++)
            {
                int n = f * 1_000 + i;
                var metric = new Metric { Counter = new Counter { Value = n } };
                metric.Label.Add(Pair("code", (200 + n % 5).ToString(CultureInfo.InvariantCulture)));
                metric.Label.Add(Pair("handler", "/api/v1/h" + (n % 20).ToString(CultureInfo.InvariantCulture)));
                metric.Label.Add(Pair("instance", "10.0." + (n / 200).ToString(CultureInfo.InvariantCulture) + ":9100"));
                metric.Label.Add(Pair("job", "node"));
                metric.Label.Add(Pair("method", n % 2 == 0 ? "GET" : "POST"));
                metric.Label.Add(Pair("series", n.ToString(CultureInfo.InvariantCulture)));
                family.Metric.Add(metric);
            }
            family.WriteDelimitedTo(stream);
        }
        return stream.ToArray();
    }

    private static LabelPair Pair(string name, string value) => new() { Name = name, Value = value };

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    private sealed class KeepingSink(LabelSet[] kept) : IExpositionSink
    {
        public int Count { get; set; }

        public void OnSample(in ExposedSample sample) => kept[Count++] = sample.Series;
    }
}
