using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Topology;

/// <summary>
/// Where each key of the topology was written, by path (<c>aggregator.nodes.dc1.parent</c>), so
/// that validators working on records can still name file:line:col.
/// </summary>
internal sealed class TopologyPositions
{
    private readonly Dictionary<string, HoconPosition> _positions = new(StringComparer.Ordinal);

    public void Record(string path, HoconPosition position)
    {
        // Note: a defaulted value is reported where the user wrote its entry, not in reference.conf.
        if (position.File != TopologyLoader.ReferenceName)
        {
            _positions[path] = position;
        }
    }

    /// <summary>The position of <paramref name="path"/>, or of its nearest recorded ancestor.</summary>
    public HoconPosition Of(string path)
    {
        var current = path;
        while (true)
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }
            int cut = Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            if (cut <= 0)
            {
                return HoconPosition.None;
            }
            current = current[..cut];
        }
    }
}
