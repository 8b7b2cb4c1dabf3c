using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;

namespace Aggregator.Shared.Tests.Scraping;

public class TargetLabelMergerTests
{
    private static readonly LabelSet Target = LabelSet.Of("job", "fed", "instance", "127.0.0.1:9090");

    [Fact]
    public void Merge_HonorLabels_ScrapedEmptyInstanceSuppressesTargetInstance()
    {
        var scraped = LabelSet.Of("__name__", "job:x:sum", "job", "app", "instance", "", "region", "eu");
        var merged = TargetLabelMerger.Merge(scraped, Target, honorLabels: true);
        Assert.Equal(LabelSet.Of("__name__", "job:x:sum", "job", "app", "region", "eu"), merged);
    }

    [Fact]
    public void Merge_HonorLabels_MissingJobTakesTargetJob()
    {
        var scraped = LabelSet.Of("__name__", "nolabels:fixed", "instance", "", "zone", "z1");
        var merged = TargetLabelMerger.Merge(scraped, Target, honorLabels: true);
        Assert.Equal(LabelSet.Of("__name__", "nolabels:fixed", "job", "fed", "zone", "z1"), merged);
    }

    [Fact]
    public void Merge_NoHonor_CollidingLabelsBecomeExported()
    {
        var scraped = LabelSet.Of("__name__", "app_temp", "job", "app", "instance", "a:1", "zone", "a");
        var merged = TargetLabelMerger.Merge(scraped, Target, honorLabels: false);
        Assert.Equal(LabelSet.Of("__name__", "app_temp", "exported_instance", "a:1", "exported_job", "app",
            "instance", "127.0.0.1:9090", "job", "fed", "zone", "a"), merged);
    }

    [Fact]
    public void Merge_NoHonor_EmptyScrapedValueDoesNotCollide()
    {
        var scraped = LabelSet.Of("__name__", "x", "instance", "");
        var merged = TargetLabelMerger.Merge(scraped, Target, honorLabels: false);
        Assert.Equal(LabelSet.Of("__name__", "x", "instance", "127.0.0.1:9090", "job", "fed"), merged);
    }

    [Fact]
    public void Merge_NoHonor_TakenExportedNameIsPrefixedAgain()
    {
        // Observed 2.42 (FEDERATE_SPEC §10): app_conflict{exported_instance="x",instance="y"}.
        var scraped = LabelSet.Of("__name__", "app_conflict", "exported_instance", "x", "instance", "y");
        var target = LabelSet.Of("instance", "127.0.0.1:28100", "job", "app");
        var merged = TargetLabelMerger.Merge(scraped, target, honorLabels: false);
        Assert.Equal(LabelSet.Of("__name__", "app_conflict", "exported_exported_instance", "y", "exported_instance", "x",
            "instance", "127.0.0.1:28100", "job", "app"), merged);
    }

    [Fact]
    public void Merge_NoHonor_RefederatedConflictMatchesObservedPrometheus()
    {
        // The second hop of the same observation: federating the result again without honor_labels.
        var scraped = LabelSet.Of("__name__", "app_conflict", "exported_exported_instance", "y", "exported_instance", "x",
            "instance", "127.0.0.1:28100", "job", "app", "region", "eu", "zone", "z1");
        var target = LabelSet.Of("instance", "127.0.0.1:28190", "job", "fed_nohonor");
        var merged = TargetLabelMerger.Merge(scraped, target, honorLabels: false);
        Assert.Equal(LabelSet.Of("__name__", "app_conflict", "exported_exported_exported_instance", "127.0.0.1:28100",
            "exported_exported_instance", "y", "exported_instance", "x", "exported_job", "app",
            "instance", "127.0.0.1:28190", "job", "fed_nohonor", "region", "eu", "zone", "z1"), merged);
    }

    [Fact]
    public void Merge_NoHonor_ShortestCollidingNameChoosesFirst()
    {
        // "a" is renamed first: exported_a is a target label, so it gets exported_exported_a; then
        // exported_a finds that name already chosen and gets exported_exported_exported_a.
        var scraped = LabelSet.Of("__name__", "m", "a", "1", "exported_a", "2");
        var target = LabelSet.Of("a", "t1", "exported_a", "t2");
        var merged = TargetLabelMerger.Merge(scraped, target, honorLabels: false);
        Assert.Equal(LabelSet.Of("__name__", "m", "a", "t1", "exported_a", "t2",
            "exported_exported_a", "1", "exported_exported_exported_a", "2"), merged);
    }

    [Fact]
    public void Merge_HonorLabelsAndTargetLabelsPresent_ReturnsScrapedInstance()
    {
        var scraped = LabelSet.Of("__name__", "m", "job", "app", "zone", "a");
        Assert.Same(scraped, TargetLabelMerger.Merge(scraped, LabelSet.Of("job", "site"), honorLabels: true));
        var merged = TargetLabelMerger.Merge(scraped, LabelSet.Of("job", "site"), honorLabels: false);
        Assert.NotSame(scraped, merged);
        Assert.Equal(LabelSet.Of("__name__", "m", "job", "site", "exported_job", "app", "zone", "a"), merged);
        var withEmpty = LabelSet.FromSortedUnsafe([new("__name__", "m"), new("job", "app"), new("zone", "")]);
        Assert.Equal(LabelSet.Of("__name__", "m", "job", "app"), TargetLabelMerger.Merge(withEmpty, LabelSet.Of("job", "site"), honorLabels: true));
    }
}
