using Akka.Actor;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Cluster;

/// <summary>A message routed by the shard region to the entity of <see cref="Site"/>.</summary>
internal interface ISiteMessage
{
    string Site { get; }
}

/// <summary>Marker of the messages that cross members; <see cref="ClusterSerializer"/> is bound to it.</summary>
internal interface IClusterMessage;

/// <summary>Part of a remote-write batch for one site, at most one chunk's size; answered by <see cref="SiteWriteAck"/>.</summary>
internal sealed record SiteWrite(string Site, IReadOnlyList<WriteSeries> Series) : ISiteMessage, IClusterMessage;

/// <summary>What the entity did with a <see cref="SiteWrite"/>: series accepted, and series refused by the per-site limit.</summary>
internal sealed record SiteWriteAck(int Accepted, int Refused, long Limit) : IClusterMessage;

/// <summary>Changes a site's entity accepted (stale markers included), published to every member.</summary>
internal sealed record SiteChanges(string Site, IReadOnlyList<WriteSeries> Series, long LastSeenMs, long SeriesCount) : IClusterMessage;

/// <summary>Asks a site's entity for its whole state, sent back to <see cref="ReplyTo"/> as <see cref="SiteSnapshotChunk"/>s.</summary>
internal sealed record SiteSnapshotRequest(string Site, IActorRef ReplyTo) : ISiteMessage, IClusterMessage;

/// <summary>One chunk of a site's state; <see cref="Last"/> closes the snapshot (an empty site sends one empty last chunk).</summary>
internal sealed record SiteSnapshotChunk(string Site, IReadOnlyList<WriteSeries> Series, long LastSeenMs, long SeriesCount, bool Last) : IClusterMessage;
