namespace Aggregator.Shared.Ring;

/// <summary>Ring settings shared by every member (all members must agree on them).</summary>
public sealed record ShardRingOptions
{
    public int ShardCount { get; init; } = ShardRing.DefaultShardCount;

    public int ReplicationFactor { get; init; } = 1;

    /// <summary>The label that names a site; it is left out of the shard hash.</summary>
    public string SiteLabel { get; init; } = "site";

    /// <summary>Every problem with these settings (empty when valid), each prefixed by <paramref name="at"/>.</summary>
    public IReadOnlyList<string> Validate(string at)
    {
        var errors = new List<string>();
        if (ShardCount < 1)
        {
            errors.Add($"{at}: shards must be at least 1, got {ShardCount}");
        }
        if (ReplicationFactor < 1)
        {
            errors.Add($"{at}: replication factor must be at least 1, got {ReplicationFactor}");
        }
        if (string.IsNullOrEmpty(SiteLabel))
        {
            errors.Add($"{at}: site label must not be empty");
        }
        return errors;
    }

    /// <summary>The ring of these settings over <paramref name="members"/>.</summary>
    public ShardRing Build(IEnumerable<string> members) => ShardRing.Create(members, ShardCount, ReplicationFactor);
}
