namespace Aggregator.Shared.Ring;

/// <summary>Members from configuration (the topology's node ids); never changes.</summary>
public sealed class StaticMembership(IEnumerable<string> members, ShardRingOptions options) : IRingMembership
{
    public ShardRing Current { get; } = options.Build(members);

    event Action<ShardRing>? IRingMembership.Changed
    {
        add { }
        remove { }
    }
}
