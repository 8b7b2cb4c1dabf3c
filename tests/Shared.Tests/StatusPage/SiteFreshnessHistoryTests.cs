using Aggregator.Shared.StatusPage;

namespace Aggregator.Shared.Tests.StatusPage;

public class SiteFreshnessHistoryTests
{
    [Fact]
    public void Add_MoreSamplesThanCapacity_KeepsTheNewestOldestFirst()
    {
        var history = new SiteFreshnessHistory(capacity: 3);
        for (int i = 1; i <= 5; i++)
        {
            history.Add("dc1", i);
        }

        Assert.Equal([3.0, 4.0, 5.0], history.Samples("dc1"));
    }

    [Fact]
    public void Add_FewerSamplesThanCapacity_ReturnsOnlyThoseAdded()
    {
        var history = new SiteFreshnessHistory(capacity: 4);
        history.Add("dc1", 1);
        history.Add("dc1", double.NaN);

        var samples = history.Samples("dc1");

        Assert.Equal(2, samples.Length);
        Assert.Equal(1, samples[0]);
        Assert.True(double.IsNaN(samples[1]));
    }

    [Fact]
    public void Samples_UnknownSite_IsEmpty() => Assert.Empty(new SiteFreshnessHistory().Samples("nowhere"));

    [Fact]
    public void DefaultCapacity_AtDefaultStep_SpansOneHour() =>
        Assert.Equal(TimeSpan.FromHours(1), SiteFreshnessHistory.DefaultStep * SiteFreshnessHistory.DefaultCapacity);
}
