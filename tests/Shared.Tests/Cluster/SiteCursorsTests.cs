using Aggregator.Shared.Cluster;

namespace Aggregator.Shared.Tests.Cluster;

public sealed class SiteCursorsTests
{
    private const long Epoch = 42;

    [Fact]
    public void Offer_SiteNeverSynced_IsAGapEvenForChangeOne()
    {
        var cursors = new SiteCursors();

        Assert.Equal(ChangeVerdict.Gap, cursors.Offer("dc1", Epoch, 1));
        Assert.False(cursors.IsSynced("dc1"));
    }

    [Fact]
    public void Offer_WhileASnapshotIsOnItsWay_SkipsEveryChange()
    {
        var cursors = new SiteCursors();
        cursors.StartSync("dc1");

        Assert.Equal(ChangeVerdict.Syncing, cursors.Offer("dc1", Epoch, 1));
        Assert.Equal(ChangeVerdict.Syncing, cursors.Offer("dc1", Epoch, 9));
        Assert.Equal(0, cursors.EpochOf("dc1"));
    }

    [Fact]
    public void Offer_ChangesAfterTheSnapshotBothCopies_AppliesEachOnceInOrder()
    {
        var cursors = new SiteCursors();
        cursors.StartSync("dc1");
        cursors.Synced("dc1", Epoch, 5);

        var verdicts = new[] { 4L, 5, 6, 6, 7, 6, 7, 8 }.Select(seq => cursors.Offer("dc1", Epoch, seq)).ToList();

        Assert.Equal(
            [ChangeVerdict.Duplicate, ChangeVerdict.Duplicate, ChangeVerdict.Apply, ChangeVerdict.Duplicate,
             ChangeVerdict.Apply, ChangeVerdict.Duplicate, ChangeVerdict.Duplicate, ChangeVerdict.Apply],
            verdicts);
        Assert.True(cursors.IsSynced("dc1"));
        Assert.Equal(Epoch, cursors.EpochOf("dc1"));
    }

    [Fact]
    public void Offer_ChangeMissingBeforeThisOne_IsAGap()
    {
        var cursors = new SiteCursors();
        cursors.Synced("dc1", Epoch, 5);

        Assert.Equal(ChangeVerdict.Gap, cursors.Offer("dc1", Epoch, 7));
        Assert.Equal(ChangeVerdict.Apply, cursors.Offer("dc1", Epoch, 6));
    }

    [Fact]
    public void Offer_AnotherIncarnation_AppliesFromItsFirstChangeAndIsAGapLater()
    {
        var cursors = new SiteCursors();
        cursors.Synced("dc1", Epoch, 5);
        cursors.Synced("dc2", Epoch, 5);

        Assert.Equal(ChangeVerdict.Apply, cursors.Offer("dc1", Epoch + 1, 1));
        Assert.Equal(Epoch + 1, cursors.EpochOf("dc1"));
        Assert.Equal(ChangeVerdict.Gap, cursors.Offer("dc2", Epoch + 1, 2));
    }

    [Fact]
    public void Offer_EpochZeroFromAnEarlierVersion_AppliesAlwaysAndLeavesTheCursor()
    {
        var cursors = new SiteCursors();

        Assert.Equal(ChangeVerdict.Apply, cursors.Offer("dc1", 0, 0));
        Assert.Equal(ChangeVerdict.Apply, cursors.Offer("dc1", 0, 0));
        Assert.False(cursors.IsSynced("dc1"));
    }

    [Fact]
    public void Synced_SecondSnapshotOfTheSameIncarnationBehindTheAppliedChanges_KeepsTheNewerPosition()
    {
        var cursors = new SiteCursors();
        cursors.Synced("dc1", Epoch, 5);
        Assert.Equal(ChangeVerdict.Apply, cursors.Offer("dc1", Epoch, 6));

        cursors.Synced("dc1", Epoch, 3);

        Assert.Equal(ChangeVerdict.Duplicate, cursors.Offer("dc1", Epoch, 6));
        Assert.Equal(ChangeVerdict.Apply, cursors.Offer("dc1", Epoch, 7));
    }

    [Fact]
    public void NewEpoch_ManyIncarnations_NeverZeroAndDistinct()
    {
        var epochs = Enumerable.Range(0, 1000).Select(_ => SiteCursors.NewEpoch()).ToList();

        Assert.DoesNotContain(0L, epochs);
        Assert.Equal(epochs.Count, epochs.Distinct().Count());
    }
}
