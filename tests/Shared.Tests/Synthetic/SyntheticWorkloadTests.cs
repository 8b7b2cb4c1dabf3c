using Aggregator.Shared.Synthetic;

namespace Aggregator.Shared.Tests.Synthetic;

public class SyntheticWorkloadTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, double> Flatten(SyntheticWorkload w, DateTimeOffset at) =>
        w.Snapshot(at).SelectMany(f => f.Samples.Concat(f.Sums ?? []).Concat(f.Counts ?? []))
            .ToDictionary(s => s.Labels.ToString(), s => s.Value);

    [Fact]
    public void Snapshot_SameSeedAndTime_SameSeriesAndValues()
    {
        var a = Flatten(new SyntheticWorkload(new SyntheticSourceOptions { Seed = 7 }), T0.AddMinutes(3));
        var b = Flatten(new SyntheticWorkload(new SyntheticSourceOptions { Seed = 7 }), T0.AddMinutes(3));
        var c = Flatten(new SyntheticWorkload(new SyntheticSourceOptions { Seed = 8 }), T0.AddMinutes(3));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Snapshot_Shape_HasEverySeriesAcrossAtLeastFourInstances()
    {
        var options = new SyntheticSourceOptions();
        var all = Flatten(new SyntheticWorkload(options), T0);
        Assert.Equal(options.SeriesCount, all.Count);
        var families = new SyntheticWorkload(options).Snapshot(T0);
        var instances = families.SelectMany(f => f.Samples).Select(s => s.Labels.Get("instance")).Distinct().Count();
        Assert.True(instances >= 4);
        Assert.Equal(["http_request_duration_seconds", "http_requests_in_flight", "http_requests_total", "process_resident_memory_bytes"],
            families.Select(f => f.Name));
        Assert.Equal(11, families[0].Samples.Select(s => s.Labels.Get("le")).Distinct().Count());
    }

    [Fact]
    public void Snapshot_OverTime_CountersNeverDecreaseAndMove()
    {
        var w = new SyntheticWorkload(new SyntheticSourceOptions());
        var previous = Flatten(w, T0);
        int moved = 0;
        for (int s = 1; s <= 600; s += 7)
        {
            var now = Flatten(w, T0.AddSeconds(s));
            foreach (var (series, value) in now)
            {
                if (series.Contains("_total") || series.Contains("_bucket") || series.Contains("_count") || series.Contains("_sum"))
                {
                    Assert.True(value >= previous[series], $"{series} went from {previous[series]} to {value}");
                    moved += value > previous[series] ? 1 : 0;
                }
            }
            previous = now;
        }
        Assert.True(moved > 1000);
    }

    [Fact]
    public void Snapshot_HistogramBuckets_AreCumulativeAndInfEqualsCount()
    {
        var families = new SyntheticWorkload(new SyntheticSourceOptions()).Snapshot(T0.AddHours(1));
        var histogram = families[0];
        foreach (var group in histogram.Samples.GroupBy(s => s.Labels.Without("le")))
        {
            var values = group.Select(s => s.Value).ToList();
            Assert.Equal(values.Order(), values);
            var count = histogram.Counts!.Single(c => c.Labels.Without("__name__").Equals(group.Key.Without("__name__"))).Value;
            Assert.Equal(count, values[^1]);
        }
    }

    [Fact]
    public void Snapshot_ResetPeriod_CountersRestart()
    {
        var w = new SyntheticWorkload(new SyntheticSourceOptions { CounterResetPeriod = TimeSpan.FromMinutes(10) });
        var before = Flatten(w, T0.AddMinutes(9));
        var after = Flatten(w, T0.AddMinutes(10).AddSeconds(1));
        Assert.Contains(before, kv => kv.Key.Contains("http_requests_total") && after[kv.Key] < kv.Value);
    }
}
