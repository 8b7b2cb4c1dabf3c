namespace Aggregator.Shared.Ring;

/// <summary>A source of ring members; <see cref="Current"/> is swapped atomically when membership changes.</summary>
public interface IRingMembership
{
    /// <summary>The ring over the members known now.</summary>
    ShardRing Current { get; }

    /// <summary>Raised after <see cref="Current"/> changed, with the new ring.</summary>
    event Action<ShardRing>? Changed;
}
