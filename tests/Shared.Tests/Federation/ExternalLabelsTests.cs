using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Tests.Federation;

public class ExternalLabelsTests
{
    private static string Render(ExternalLabels external, LabelSet series)
    {
        var output = new Label[external.MaxOutput(series)];
        int n = external.Apply(series, output);
        return string.Join(",", output[..n].Select(l => $"{l.Name}=\"{l.Value}\""));
    }

    [Fact]
    public void Apply_NoExternal_InstanceEmptyAddedWhenMissing()
    {
        Assert.Equal("instance=\"\"", Render(ExternalLabels.None, LabelSet.Of("__name__", "x")));
        Assert.Equal("foo=\"bar\",instance=\"i\"", Render(ExternalLabels.None, LabelSet.Of("__name__", "x", "instance", "i", "foo", "bar")));
    }

    [Fact]
    public void Apply_FederateTestExternalLabels_SeriesValueWinsAndMissingAppended()
    {
        // Note: the "external labels are added if not already present" case of Prometheus's federate_test.go.
        var external = new ExternalLabels([new("foo", "baz"), new("zone", "ie")]);
        Assert.Equal("foo=\"bar\",instance=\"i\",zone=\"ie\"", Render(external, LabelSet.Of("__name__", "test_metric1", "foo", "bar", "instance", "i")));
        Assert.Equal("foo=\"baz\",instance=\"\",zone=\"ie\"", Render(external, LabelSet.Of("__name__", "test_metric_old")));
    }

    [Fact]
    public void Apply_InstanceIsExternal_UsedOnlyWhenSeriesLacksIt()
    {
        var external = new ExternalLabels([new("instance", "baz")]);
        Assert.Equal("instance=\"i\"", Render(external, LabelSet.Of("__name__", "m", "instance", "i")));
        Assert.Equal("instance=\"baz\"", Render(external, LabelSet.Of("__name__", "m")));
    }

    [Fact]
    public void Apply_SeriesOrderThenExternals_NotGloballySorted()
    {
        // Note: golden capture 11: job_code:app_requests_total:sum{code="200",job="app",instance="",region="eu",zone="z1"}.
        var external = new ExternalLabels([new("zone", "z1"), new("region", "eu")]);
        var series = LabelSet.Of("__name__", "job_code:app_requests_total:sum", "code", "200", "job", "app");
        Assert.Equal("code=\"200\",job=\"app\",instance=\"\",region=\"eu\",zone=\"z1\"", Render(external, series));
    }

    [Fact]
    public void Apply_EmptyValuedSeriesLabel_SkippedAndExternalApplied()
    {
        var external = new ExternalLabels([new("zone", "z1")]);
        var series = LabelSet.Of("__name__", "m", "zone", "", "Zlabel", "1");
        Assert.Equal("Zlabel=\"1\",instance=\"\",zone=\"z1\"", Render(external, series));
    }

    [Fact]
    public void Missing_SeriesCarriesSome_OnlyTheLackingOnesInOrder()
    {
        var external = new ExternalLabels([new("site", "dc1"), new("zone", "ie")]);
        var output = new Label[external.Labels.Length];
        int n = external.Missing(LabelSet.Of("__name__", "m", "instance", "i", "zone", "us"), output);
        Assert.Equal(["site=dc1"], output[..n].Select(l => $"{l.Name}={l.Value}"));
        n = external.Missing(LabelSet.Of("__name__", "m"), output);
        Assert.Equal(["instance=", "site=dc1", "zone=ie"], output[..n].Select(l => $"{l.Name}={l.Value}"));
    }
}
