using System.Buffers.Binary;
using System.Text;
using Aggregator.Shared.Hashing;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Ring;

/// <summary>
/// An immutable placement of a fixed number of virtual shards on ring members. A series' shard is
/// the hash of its labels without the site label modulo the shard count, so every site's copy of a
/// job-level series lands in the same shard. Each shard is placed on the
/// <see cref="ReplicationFactor"/> members with the highest rendezvous weight
/// XXH64(member, shard): a membership change moves only the placements that must move.
/// </summary>
public sealed class ShardRing
{
    private readonly string[] _owners;
    private readonly Dictionary<string, int[]> _shardsByMember;

    private ShardRing(string[] members, int shardCount, int replicationFactor)
    {
        Members = members;
        ShardCount = shardCount;
        ReplicationFactor = Math.Min(replicationFactor, members.Length);
        _owners = new string[shardCount * ReplicationFactor];
        var memberHashes = new ulong[members.Length];
        for (int m = 0; m < members.Length; m++)
        {
            memberHashes[m] = XxHash64.Hash(Encoding.UTF8.GetBytes(members[m]));
        }
        var owned = new List<int>[members.Length];
        for (int m = 0; m < members.Length; m++)
        {
            owned[m] = [];
        }
        Span<int> top = stackalloc int[ReplicationFactor];
        Span<ulong> topWeight = stackalloc ulong[ReplicationFactor];
        for (int shard = 0; shard < shardCount; shard++)
        {
            SelectTop(memberHashes, shard, top, topWeight);
            for (int r = 0; r < ReplicationFactor; r++)
            {
                _owners[shard * ReplicationFactor + r] = members[top[r]];
                owned[top[r]].Add(shard);
            }
        }
        _shardsByMember = new Dictionary<string, int[]>(members.Length, StringComparer.Ordinal);
        for (int m = 0; m < members.Length; m++)
        {
            _shardsByMember[members[m]] = [.. owned[m]];
        }
    }

    /// <summary>The default number of virtual shards.</summary>
    public const int DefaultShardCount = 256;

    /// <summary>Members, sorted ordinally and distinct.</summary>
    public IReadOnlyList<string> Members { get; }

    public int ShardCount { get; }

    /// <summary>Owners per shard: the configured factor, or fewer when there are fewer members.</summary>
    public int ReplicationFactor { get; }

    /// <summary>Places <paramref name="shardCount"/> shards on <paramref name="members"/> with <paramref name="replicationFactor"/> owners each.</summary>
    public static ShardRing Create(IEnumerable<string> members, int shardCount = DefaultShardCount, int replicationFactor = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        var distinct = members.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new ShardRing(distinct, shardCount, replicationFactor);
    }

    /// <summary>The shard of a series: its label hash without <paramref name="siteLabel"/>, modulo the shard count.</summary>
    public int ShardOf(LabelSet labels, string siteLabel) => ShardOfHash(labels.HashWithout(siteLabel));

    /// <summary>The shard of a precomputed <see cref="LabelSet.HashWithout"/> value.</summary>
    public int ShardOfHash(ulong hashWithoutSite) => (int)(hashWithoutSite % (ulong)ShardCount);

    /// <summary>The owners of <paramref name="shard"/>, highest weight (the primary) first; empty when there are no members.</summary>
    public ReadOnlySpan<string> OwnersOf(int shard) => _owners.AsSpan(shard * ReplicationFactor, ReplicationFactor);

    /// <summary>The shards <paramref name="member"/> owns (as any replica), ascending; empty for a non-member.</summary>
    public IReadOnlyList<int> ShardsOwnedBy(string member) =>
        _shardsByMember.TryGetValue(member, out var shards) ? shards : [];

    public bool Owns(string member, int shard) => OwnersOf(shard).Contains(member);

    /// <summary>
    /// Placements (shard, member) in <paramref name="to"/> that <paramref name="from"/> did not have:
    /// the data that must move after a membership change. Both rings must have the same shard count.
    /// </summary>
    public static int MovedPlacements(ShardRing from, ShardRing to)
    {
        if (from.ShardCount != to.ShardCount)
        {
            throw new ArgumentException("rings differ in shard count", nameof(to));
        }
        int moved = 0;
        for (int shard = 0; shard < to.ShardCount; shard++)
        {
            var before = from.OwnersOf(shard);
            foreach (var owner in to.OwnersOf(shard))
            {
                if (!before.Contains(owner))
                {
                    moved++;
                }
            }
        }
        return moved;
    }

    /// <summary>Rendezvous weight of a member for a shard; a well-mixed 64-bit value.</summary>
    internal static ulong Weight(ulong memberHash, int shard)
    {
        Span<byte> buffer = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, memberHash);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[8..], shard);
        return XxHash64.Hash(buffer);
    }

    private static void SelectTop(ulong[] memberHashes, int shard, Span<int> top, Span<ulong> topWeight)
    {
        int filled = 0;
        for (int m = 0; m < memberHashes.Length; m++)
        {
            ulong w = Weight(memberHashes[m], shard);
            // Note: insertion into a tiny sorted array; ties (practically impossible) go to the lower index.
            int at = filled;
            while (at > 0 && topWeight[at - 1] < w)
            {
                at--;
            }
            if (at >= top.Length)
            {
                continue;
            }
            int last = Math.Min(filled, top.Length - 1);
            for (int i = last; i > at; i--)
            {
                top[i] = top[i - 1];
                topWeight[i] = topWeight[i - 1];
            }
            top[at] = m;
            topWeight[at] = w;
            filled = Math.Min(filled + 1, top.Length);
        }
    }
}
