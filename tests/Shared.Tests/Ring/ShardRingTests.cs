using Aggregator.Shared.Model;
using Aggregator.Shared.Ring;

namespace Aggregator.Shared.Tests.Ring;

public class ShardRingTests
{
    private static string[] Members(int n) => [.. Enumerable.Range(0, n).Select(i => $"aggregator-{i}")];

    [Fact]
    public void ShardOf_SameSeriesFromDifferentSites_SameShard()
    {
        var ring = ShardRing.Create(Members(3));
        var a = LabelSet.Of("__name__", "job:requests:rate5m", "job", "api", "site", "eu-1");
        var b = LabelSet.Of("__name__", "job:requests:rate5m", "job", "api", "site", "us-2");
        var c = LabelSet.Of("__name__", "job:requests:rate5m", "job", "api");

        int shard = ring.ShardOf(a, "site");

        Assert.Equal(shard, ring.ShardOf(b, "site"));
        Assert.Equal(shard, ring.ShardOf(c, "site"));
        Assert.Equal((int)(c.StableHash % 256), shard);
    }

    [Fact]
    public void ShardOf_ManySeries_SpreadOverAllShards()
    {
        var ring = ShardRing.Create(Members(3));
        var counts = new int[ring.ShardCount];

        for (int i = 0; i < 25_600; i++)
        {
            counts[ring.ShardOf(LabelSet.Of("__name__", "m", "job", "j" + i, "site", "s"), "site")]++;
        }

        // Note: 100 expected per shard; a binomial spread stays far inside [50, 150].
        Assert.All(counts, c => Assert.InRange(c, 50, 150));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    [InlineData(2, 5)]
    public void OwnersOf_EveryShard_HasMinOfRAndNDistinctMembers(int members, int replication)
    {
        var ring = ShardRing.Create(Members(members), replicationFactor: replication);

        for (int shard = 0; shard < ring.ShardCount; shard++)
        {
            var owners = ring.OwnersOf(shard).ToArray();
            Assert.Equal(Math.Min(members, replication), owners.Length);
            Assert.Equal(owners.Length, owners.Distinct().Count());
        }
    }

    [Fact]
    public void ShardsOwnedBy_FourMembers_BalancedAndConsistentWithOwnersOf()
    {
        var ring = ShardRing.Create(Members(4), replicationFactor: 2);

        foreach (var member in ring.Members)
        {
            var owned = ring.ShardsOwnedBy(member);
            // Note: 256 shards × 2 replicas / 4 members = 128 expected.
            Assert.InRange(owned.Count, 100, 156);
            Assert.All(owned, shard => Assert.True(ring.Owns(member, shard)));
        }
        Assert.Equal(512, ring.Members.Sum(m => ring.ShardsOwnedBy(m).Count));
    }

    [Fact]
    public void Create_MemberOrderAndDuplicates_DoNotMatter()
    {
        var a = ShardRing.Create(["c", "a", "b"], replicationFactor: 2);
        var b = ShardRing.Create(["b", "c", "a", "a"], replicationFactor: 2);

        Assert.Equal(0, ShardRing.MovedPlacements(a, b));
        Assert.Equal(["a", "b", "c"], b.Members);
    }

    [Fact]
    public void Create_NoMembers_EveryShardHasNoOwner()
    {
        var ring = ShardRing.Create([], replicationFactor: 2);

        Assert.Equal(0, ring.OwnersOf(17).Length);
        Assert.Empty(ring.ShardsOwnedBy("x"));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    [InlineData(9, 2)]
    [InlineData(9, 3)]
    public void MovedPlacements_AddOneMember_OnlyNewMemberGainsAboutROverNPlusOne(int n, int r)
    {
        var before = ShardRing.Create(Members(n), replicationFactor: r);
        var after = ShardRing.Create(Members(n + 1), replicationFactor: r);
        string added = $"aggregator-{n}";

        int moved = ShardRing.MovedPlacements(before, after);

        // Every new placement is the added member's; it takes ≈ R/(N+1) of all S×R placements.
        Assert.Equal(after.ShardsOwnedBy(added).Count, moved);
        double fraction = moved / (double)(after.ShardCount * r);
        double expected = 1.0 / (n + 1);
        Assert.InRange(fraction, expected * 0.6, expected * 1.4);
        // Note: moved/S (placements per shard) is the R/(N+1) of the wording.
        Assert.InRange(moved / (double)after.ShardCount, r / (double)(n + 1) * 0.6, r / (double)(n + 1) * 1.4);
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(4, 2)]
    [InlineData(10, 3)]
    public void MovedPlacements_RemoveOneMember_OnlyThatMembersPlacementsMove(int n, int r)
    {
        var before = ShardRing.Create(Members(n), replicationFactor: r);
        string removed = "aggregator-1";
        var after = ShardRing.Create(Members(n).Where(m => m != removed), replicationFactor: r);

        int moved = ShardRing.MovedPlacements(before, after);

        Assert.Equal(before.ShardsOwnedBy(removed).Count, moved);
        for (int shard = 0; shard < before.ShardCount; shard++)
        {
            // Every surviving owner keeps its placement.
            foreach (var owner in before.OwnersOf(shard))
            {
                if (owner != removed)
                {
                    Assert.True(after.Owns(owner, shard));
                }
            }
        }
    }
}
