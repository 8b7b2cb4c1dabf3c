namespace Aggregator.Shared.Topology;

/// <summary>The outcome of loading a topology: the tree (when it could be read) and every problem found.</summary>
internal sealed record TopologyLoadResult(TopologyConfig? Topology, IReadOnlyList<TopologyError> Errors)
{
    public bool IsValid => Topology is not null && Errors.Count == 0;

    /// <summary>What is valid but worth telling (a key that no longer applies), in file order.</summary>
    public IReadOnlyList<TopologyError> Warnings { get; init; } = [];
}
