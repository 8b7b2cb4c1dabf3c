using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Xunit.Abstractions;

namespace Aggregator.Shared.Tests.Storage;

/// <summary>
/// Measures the store's steady-state memory per series beyond the label bytes (budget: 200 bytes).
/// Note: the series count defaults to 1M; AGGREGATOR_STORE_MEMORY_SERIES overrides it.
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public class SeriesStoreMemoryTests(ITestOutputHelper output)
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public void Append_ManySeries_OverheadBeyondLabelsWithinBudget()
    {
        int n = int.TryParse(Environment.GetEnvironmentVariable("AGGREGATOR_STORE_MEMORY_SERIES"), out var v) ? v : 1_000_000;
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        var labels = BuildLabels(n);
        long withLabels = GC.GetTotalMemory(forceFullCollection: true);
        var store = new SeriesStore(time: new FixedClock(T0));
        for (int i = 0; i < n; i++)
        {
            store.Append(labels[i], new Sample(T0, i));
        }
        long withStore = GC.GetTotalMemory(forceFullCollection: true);
        // Note: a second sample per series must not add anything (steady state).
        for (int i = 0; i < n; i++)
        {
            store.Append(labels[i], new Sample(T0 + 1, i));
        }
        long steady = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(labels);
        GC.KeepAlive(store);

        double labelBytes = (withLabels - baseline) / (double)n;
        double overhead = (steady - withLabels) / (double)n;
        output.WriteLine($"series={n} labelBytesPerSeries={labelBytes:F1} storeBytesPerSeries={overhead:F1} afterFirstSample={(withStore - withLabels) / (double)n:F1} internedStrings={store.Interner.Count}");
        Assert.Equal(n, store.SeriesCount);
        Assert.True(overhead <= 200, $"store overhead {overhead:F1} bytes per series exceeds 200");
    }

    // Note: strings are shared through a throw-away pool, as they are once stored, so that "label bytes"
    // counts each distinct string once plus each series' LabelSet and Label[]; the store then adopts
    // these very instances and the difference it makes is its own overhead only.
    private static LabelSet[] BuildLabels(int n)
    {
        var pool = new StringInterner(int.MaxValue);
        var labels = new LabelSet[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = LabelSet.Of(
                "__name__", pool.Intern("metric_" + (i % 200)),
                "job", pool.Intern("job_" + (i % 10)),
                "instance", pool.Intern("host-" + (i % 1000) + ":9100"),
                "code", pool.Intern((200 + i % 5).ToString()),
                "series", pool.Intern(i.ToString()));
        }
        return labels;
    }

    private sealed class FixedClock(long nowMs) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
    }
}
