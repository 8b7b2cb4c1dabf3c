namespace Aggregator.Shared.Topology.Validation;

/// <summary>What validators share: positions by path, ids that failed to read, and the error list.</summary>
internal sealed class TopologyValidationContext(TopologyPositions positions, IReadOnlySet<string> unreadableNodes, List<TopologyError> errors)
{
    private readonly HashSet<string> _reported = [.. errors.Select(e => e.Path)];

    public IReadOnlySet<string> UnreadableNodes { get; } = unreadableNodes;

    /// <summary>Adds a problem; the first problem on a path wins, so a type error is not followed by "missing".</summary>
    public void Error(string path, string message)
    {
        if (_reported.Add(path))
        {
            errors.Add(new TopologyError(positions.Of(path), path, message));
        }
    }

    public static string RingPath(string name) => "aggregator.rings." + Hocon.HoconPath.Render([name]);

    public static string NodePath(string id) => "aggregator.nodes." + Hocon.HoconPath.Render([id]);
}
