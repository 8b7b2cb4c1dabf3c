using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Topology;

/// <summary>One problem in a topology file: where, which key, and what is wrong.</summary>
internal sealed record TopologyError(HoconPosition Position, string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? $"{Position}: {Message}" : $"{Position}: {Path}: {Message}";
}
