using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Tests.RemoteWrite;

public class SiteSeriesLimiterTests
{
    private static WriteSeries Series(string name, string site, double value = 1) =>
        new(LabelSet.Of("__name__", name, "site", site), [new Sample(0, value)]);

    [Fact]
    public void TryAdmit_UpToTheLimit_AdmittedAndCounted()
    {
        var limiter = new SiteSeriesLimiter(_ => 2, TimeSpan.FromMinutes(5));

        Assert.Null(limiter.TryAdmit("dc1", [Series("a", "dc1"), Series("b", "dc1")], 0));
        Assert.Null(limiter.TryAdmit("dc1", [Series("a", "dc1"), Series("b", "dc1")], 1000));

        Assert.Equal(2, limiter.Count("dc1"));
    }

    [Fact]
    public void TryAdmit_NewSeriesOverLimit_RefusedNamingSiteAndSeriesAndNothingRecorded()
    {
        var limiter = new SiteSeriesLimiter(_ => 2, TimeSpan.FromMinutes(5));
        limiter.TryAdmit("dc1", [Series("a", "dc1")], 0);

        var error = limiter.TryAdmit("dc1", [Series("a", "dc1"), Series("b", "dc1"), Series("c", "dc1")], 0);

        Assert.NotNull(error);
        Assert.Equal(RemoteWriteErrorKind.SeriesPerSite, error.Kind);
        Assert.Equal(2, error.SeriesIndex);
        Assert.Equal("{__name__=\"c\", site=\"dc1\"}", error.Series);
        Assert.Contains("site \"dc1\" holds 1 live series and this request adds 2: over the limit of 2", error.Message);
        Assert.Equal(1, limiter.Count("dc1"));
    }

    [Fact]
    public void TryAdmit_SitesHaveTheirOwnLimits_OneSiteFullDoesNotBlockAnother()
    {
        var limiter = new SiteSeriesLimiter(site => site == "small" ? 1 : 0, TimeSpan.FromMinutes(5));
        limiter.TryAdmit("small", [Series("a", "small")], 0);

        Assert.NotNull(limiter.TryAdmit("small", [Series("b", "small")], 0));
        Assert.Null(limiter.TryAdmit("big", [.. Enumerable.Range(0, 1000).Select(i => Series("m" + i, "big"))], 0));
    }

    [Fact]
    public void TryAdmit_SeriesNotWrittenWithinLookback_Forgotten()
    {
        var limiter = new SiteSeriesLimiter(_ => 1, TimeSpan.FromMinutes(5));
        limiter.TryAdmit("dc1", [Series("a", "dc1")], 0);

        Assert.NotNull(limiter.TryAdmit("dc1", [Series("b", "dc1")], 60_000));
        Assert.Null(limiter.TryAdmit("dc1", [Series("b", "dc1")], 301_000));
        Assert.Equal(1, limiter.Count("dc1"));
    }

    [Fact]
    public void TryAdmit_StaleMarkers_FreeTheSeriesPlace()
    {
        var limiter = new SiteSeriesLimiter(_ => 1, TimeSpan.FromMinutes(5));
        limiter.TryAdmit("dc1", [Series("a", "dc1")], 0);

        Assert.Null(limiter.TryAdmit("dc1", [Series("a", "dc1", StaleMarker.Value)], 1));
        Assert.Null(limiter.TryAdmit("dc1", [Series("b", "dc1")], 2));
        Assert.Equal(1, limiter.Count("dc1"));
    }

    [Fact]
    public void AdmitOrThrow_ConcurrentWriters_NeverExceedTheLimit()
    {
        var limiter = new SiteSeriesLimiter(_ => 500, TimeSpan.FromMinutes(5));
        int refused = 0;

        Parallel.For(0, 1000, i =>
        {
            try
            {
                limiter.AdmitOrThrow(new WriteBatch([Series("m" + i, "dc1")]), "site", 0);
            }
            catch (RemoteWriteRejectedException e) when (e.Site == "dc1")
            {
                Interlocked.Increment(ref refused);
            }
        });

        Assert.Equal(500, limiter.Count("dc1"));
        Assert.Equal(500, refused);
    }
}
