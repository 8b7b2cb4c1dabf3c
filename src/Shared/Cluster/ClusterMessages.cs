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

/// <summary>
/// Changes a site's entity accepted (stale markers included), published to every member: number
/// <see cref="Seq"/> of the entity's incarnation <see cref="Epoch"/> (0 from a member of a version without
/// them). <see cref="Direct"/> marks the copy sent straight to a view that is not yet known to follow by pubsub.
/// </summary>
internal sealed record SiteChanges(string Site, IReadOnlyList<WriteSeries> Series, long LastSeenMs, long SeriesCount, long Epoch, long Seq, bool Direct = false) : IClusterMessage;

/// <summary>Asks a site's entity for its whole state, sent back to <see cref="ReplyTo"/> as <see cref="SiteSnapshotChunk"/>s.</summary>
internal sealed record SiteSnapshotRequest(string Site, IActorRef ReplyTo) : ISiteMessage, IClusterMessage;

/// <summary>
/// One chunk of a site's state; <see cref="Last"/> closes the snapshot (an empty site sends one empty last
/// chunk). The state includes every change of incarnation <see cref="Epoch"/> up to <see cref="Seq"/>.
/// </summary>
internal sealed record SiteSnapshotChunk(string Site, IReadOnlyList<WriteSeries> Series, long LastSeenMs, long SeriesCount, bool Last, long Epoch, long Seq) : IClusterMessage;

/// <summary>
/// A view received a change of the site's incarnation <see cref="Epoch"/> through pubsub: the entity may
/// stop sending it changes directly.
/// </summary>
internal sealed record SiteFollowing(string Site, long Epoch, IActorRef View) : ISiteMessage, IClusterMessage;
