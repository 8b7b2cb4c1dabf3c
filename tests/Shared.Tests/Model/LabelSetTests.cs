using Aggregator.Shared.Model;

namespace Aggregator.Shared.Tests.Model;

public class LabelSetTests
{
    [Fact]
    public void From_UnsortedWithDuplicate_SortsAndLastWins()
    {
        var set = LabelSet.From([new("b", "1"), new("a", "2"), new("b", "3")]);
        Assert.Equal(2, set.Count);
        Assert.Equal(new Label("a", "2"), set[0]);
        Assert.Equal(new Label("b", "3"), set[1]);
    }

    [Fact]
    public void Equals_SameLabelsDifferentOrder_EqualWithSameHash()
    {
        var x = LabelSet.Of("job", "api", "__name__", "up");
        var y = LabelSet.Of("__name__", "up", "job", "api");
        Assert.Equal(x, y);
        Assert.Equal(x.Hash, y.Hash);
        Assert.Equal("up", x.MetricName);
    }

    [Fact]
    public void StableHash_AnyProcess_IsUnseededXxHash64OfNameAndValueBytes()
    {
        var set = LabelSet.Of("job", "api", "__name__", "up");
        // Note: name 0xff value 0xff per label, in name order, as Prometheus's labels.Hash.
        byte[] canonical = [.. "__name__"u8, 0xff, .. "up"u8, 0xff, .. "job"u8, 0xff, .. "api"u8, 0xff];

        Assert.Equal(Aggregator.Shared.Hashing.XxHash64.Hash(canonical), set.StableHash);
    }

    [Fact]
    public void Hash_InMemory_IsSeededPerProcessNotTheStableHash()
    {
        var set = LabelSet.Of("__name__", "up", "job", "api");

        // Note: equal by chance with probability 2^-64; equal always if the in-memory hash were unseeded.
        Assert.NotEqual(set.StableHash, set.Hash);
        Assert.Equal(set.Hash, LabelSet.Of("job", "api", "__name__", "up").Hash);
    }

    [Fact]
    public void HashWithout_SiteLabel_EqualsHashOfSetWithoutIt()
    {
        var withSite = LabelSet.Of("__name__", "up", "site", "dc1", "job", "api");
        var other = LabelSet.Of("__name__", "up", "site", "dc2", "job", "api");
        Assert.Equal(withSite.Without("site").StableHash, withSite.HashWithout("site"));
        Assert.Equal(withSite.HashWithout("site"), other.HashWithout("site"));
        Assert.NotEqual(withSite.Hash, other.Hash);
    }

    [Fact]
    public void With_NewAndExistingAndEmpty_InsertsReplacesRemoves()
    {
        var set = LabelSet.Of("a", "1", "c", "3");
        Assert.Equal("{a=\"1\", b=\"2\", c=\"3\"}", set.With("b", "2").ToString());
        Assert.Equal("{a=\"9\", c=\"3\"}", set.With("a", "9").ToString());
        Assert.Equal("{c=\"3\"}", set.With("a", "").ToString());
    }

    [Fact]
    public void CompareTo_PrometheusOrder_NameThenValueThenLength()
    {
        var a = LabelSet.Of("a", "1");
        var ab = LabelSet.Of("a", "1", "b", "1");
        var a2 = LabelSet.Of("a", "2");
        Assert.True(a.CompareTo(ab) < 0);
        Assert.True(ab.CompareTo(a2) < 0);
        Assert.Equal(0, a.CompareTo(LabelSet.Of("a", "1")));
    }

    [Fact]
    public void CodePointOrder_SupplementaryVersusPrivateUse_MatchesUtf8ByteOrder()
    {
        const string high = "\U0001F600"; // UTF-8 F0 9F 98 80
        const string privateUse = "\uE000"; // UTF-8 EE 80 80
        Assert.True(string.CompareOrdinal(high, privateUse) < 0);
        Assert.True(CodePointOrder.Compare(high, privateUse) > 0);
    }

    [Fact]
    public void StaleMarker_OnlyExactBitPattern_IsStale()
    {
        Assert.True(StaleMarker.IsStale(StaleMarker.Value));
        Assert.False(StaleMarker.IsStale(double.NaN));
        Assert.False(StaleMarker.IsStale(BitConverter.UInt64BitsToDouble(0x7ff8000000000001UL)));
        Assert.True(new Sample(1, StaleMarker.Value).IsStale);
    }
}
