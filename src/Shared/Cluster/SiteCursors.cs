using System.Security.Cryptography;

namespace Aggregator.Shared.Cluster;

/// <summary>What a view does with a site's change, given how far it has followed that site.</summary>
internal enum ChangeVerdict
{
    /// <summary>The next change of the incarnation the view follows (or one without numbers): apply it.</summary>
    Apply,

    /// <summary>Already applied (the other copy of a change sent both directly and by pubsub): skip it.</summary>
    Duplicate,

    /// <summary>Changes are missing before this one: ask for a snapshot again and skip it.</summary>
    Gap,

    /// <summary>A snapshot is on its way and will hold this change or be followed by it: skip it.</summary>
    Syncing,
}

/// <summary>
/// How far a member's view has followed each site: the entity incarnation (epoch) and the last change
/// number applied, or that a snapshot was asked for. Changes are applied strictly in their order:
/// applying a sample after a stale marker that came later would bring a deleted series back.
/// </summary>
internal sealed class SiteCursors
{
    private readonly Dictionary<string, Cursor> _sites = new(StringComparer.Ordinal);

    /// <summary>A new entity incarnation's epoch: random and never 0, which marks a member without sequence numbers.</summary>
    public static long NewEpoch()
    {
        long epoch;
        do
        {
            epoch = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
        }
        while (epoch == 0);
        return epoch;
    }

    /// <summary>Whether the view applied a whole snapshot of <paramref name="site"/> and follows it since.</summary>
    public bool IsSynced(string site) => _sites.TryGetValue(site, out var cursor) && !cursor.Syncing;

    /// <summary>The view asked for a snapshot of <paramref name="site"/>: its changes are skipped until the snapshot ends.</summary>
    public void StartSync(string site) => _sites[site] = new Cursor(0, 0, Syncing: true);

    /// <summary>A snapshot holding every change of <paramref name="epoch"/> up to <paramref name="seq"/> was applied.</summary>
    public void Synced(string site, long epoch, long seq)
    {
        // Note: a second snapshot from the same incarnation follows the direct changes already applied on the same path.
        if (_sites.TryGetValue(site, out var cursor) && !cursor.Syncing && cursor.Epoch == epoch && cursor.Seq > seq)
        {
            return;
        }
        _sites[site] = new Cursor(epoch, seq, Syncing: false);
    }

    /// <summary>Decides about change <paramref name="seq"/> of incarnation <paramref name="epoch"/>, and records it when applied.</summary>
    public ChangeVerdict Offer(string site, long epoch, long seq)
    {
        if (epoch == 0)
        {
            // Note: from a member of an earlier version during a rolling upgrade: no order known, applied as before.
            return ChangeVerdict.Apply;
        }
        if (!_sites.TryGetValue(site, out var cursor))
        {
            // Note: even change 1 of a new incarnation is not enough: a moved entity starts from state it never published.
            return ChangeVerdict.Gap;
        }
        if (cursor.Syncing)
        {
            return ChangeVerdict.Syncing;
        }
        if (epoch == cursor.Epoch && seq <= cursor.Seq)
        {
            return ChangeVerdict.Duplicate;
        }
        if ((epoch == cursor.Epoch && seq == cursor.Seq + 1) || (epoch != cursor.Epoch && seq == 1))
        {
            // Note: change 1 of another incarnation: the entity moved and started from its new member's copy, which this view holds too.
            _sites[site] = new Cursor(epoch, seq, Syncing: false);
            return ChangeVerdict.Apply;
        }
        return ChangeVerdict.Gap;
    }

    /// <summary>The incarnation the view follows <paramref name="site"/> in, or 0.</summary>
    public long EpochOf(string site) => _sites.TryGetValue(site, out var cursor) && !cursor.Syncing ? cursor.Epoch : 0;

    private readonly record struct Cursor(long Epoch, long Seq, bool Syncing);
}
