using Akka.Actor;
using Akka.Serialization;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Google.Protobuf;
using Proto = Aggregator.Shared.Cluster.Protos;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// Serializes every <see cref="IClusterMessage"/> as a Google.Protobuf message with a short string
/// manifest. Note: Akka's default JSON serializer fails on C# collection expressions and drops the
/// message with only a warning, so nothing that crosses members may fall back to it.
/// </summary>
internal sealed class ClusterSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka reserves ids below 100; this one is ours for every ring message.</summary>
    public const int Id = 7401;

    private const string WriteManifest = "W";
    private const string AckManifest = "A";
    private const string ChangesManifest = "C";
    private const string SnapshotRequestManifest = "R";
    private const string SnapshotChunkManifest = "S";
    private const string FollowingManifest = "F";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        SiteWrite => WriteManifest,
        SiteWriteAck => AckManifest,
        SiteChanges => ChangesManifest,
        SiteSnapshotRequest => SnapshotRequestManifest,
        SiteSnapshotChunk => SnapshotChunkManifest,
        SiteFollowing => FollowingManifest,
        _ => throw new ArgumentException($"cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        SiteWrite w => Build(new Proto.SiteWrite { Site = w.Site }, m => m.Series, w.Series).ToByteArray(),
        SiteWriteAck a => new Proto.SiteWriteAck { Accepted = a.Accepted, Refused = a.Refused, Limit = a.Limit }.ToByteArray(),
        SiteChanges c => Build(new Proto.SiteChanges { Site = c.Site, LastSeenMs = c.LastSeenMs, SeriesCount = c.SeriesCount, Epoch = c.Epoch, Seq = c.Seq, Direct = c.Direct }, m => m.Series, c.Series).ToByteArray(),
        SiteSnapshotRequest r => new Proto.SiteSnapshotRequest { Site = r.Site, ReplyTo = Akka.Serialization.Serialization.SerializedActorPath(r.ReplyTo) }.ToByteArray(),
        SiteSnapshotChunk s => Build(new Proto.SiteSnapshotChunk { Site = s.Site, LastSeenMs = s.LastSeenMs, SeriesCount = s.SeriesCount, Last = s.Last, Epoch = s.Epoch, Seq = s.Seq }, m => m.Series, s.Series).ToByteArray(),
        SiteFollowing f => new Proto.SiteFollowing { Site = f.Site, Epoch = f.Epoch, View = Akka.Serialization.Serialization.SerializedActorPath(f.View) }.ToByteArray(),
        _ => throw new ArgumentException($"cannot serialize {obj.GetType()}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        switch (manifest)
        {
            case WriteManifest:
                var w = Proto.SiteWrite.Parser.ParseFrom(bytes);
                return new SiteWrite(w.Site, Read(w.Series));
            case AckManifest:
                var a = Proto.SiteWriteAck.Parser.ParseFrom(bytes);
                return new SiteWriteAck(a.Accepted, a.Refused, a.Limit);
            case ChangesManifest:
                var c = Proto.SiteChanges.Parser.ParseFrom(bytes);
                return new SiteChanges(c.Site, Read(c.Series), c.LastSeenMs, c.SeriesCount, c.Epoch, c.Seq, c.Direct);
            case SnapshotRequestManifest:
                var r = Proto.SiteSnapshotRequest.Parser.ParseFrom(bytes);
                return new SiteSnapshotRequest(r.Site, system.Provider.ResolveActorRef(r.ReplyTo));
            case SnapshotChunkManifest:
                var s = Proto.SiteSnapshotChunk.Parser.ParseFrom(bytes);
                return new SiteSnapshotChunk(s.Site, Read(s.Series), s.LastSeenMs, s.SeriesCount, s.Last, s.Epoch, s.Seq);
            case FollowingManifest:
                var f = Proto.SiteFollowing.Parser.ParseFrom(bytes);
                return new SiteFollowing(f.Site, f.Epoch, system.Provider.ResolveActorRef(f.View));
            default:
                throw new System.Runtime.Serialization.SerializationException($"unknown manifest '{manifest}' for the ring's cluster messages");
        }
    }

    private static T Build<T>(T message, Func<T, Google.Protobuf.Collections.RepeatedField<Proto.Series>> field, IReadOnlyList<WriteSeries> series)
    {
        var target = field(message);
        foreach (var s in series)
        {
            target.Add(Write(s));
        }
        return message;
    }

    private static Proto.Series Write(WriteSeries series)
    {
        var proto = new Proto.Series();
        foreach (var label in series.Labels.AsSpan())
        {
            proto.Labels.Add(label.Name);
            proto.Labels.Add(label.Value);
        }
        foreach (var sample in series.Samples)
        {
            proto.TimestampsMs.Add(sample.TimestampMs);
            proto.Values.Add(sample.Value);
        }
        return proto;
    }

    private static List<WriteSeries> Read(Google.Protobuf.Collections.RepeatedField<Proto.Series> series)
    {
        var result = new List<WriteSeries>(series.Count);
        foreach (var s in series)
        {
            if (s.Labels.Count % 2 != 0 || s.TimestampsMs.Count != s.Values.Count)
            {
                throw new System.Runtime.Serialization.SerializationException("a series with an odd label list or unequal timestamps and values");
            }
            var samples = new Sample[s.Values.Count];
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = new Sample(s.TimestampsMs[i], s.Values[i]);
            }
            result.Add(new WriteSeries(Labels(s.Labels), samples));
        }
        return result;
    }

    /// <summary>Labels come sorted from <see cref="Write"/>; anything else is sorted again rather than trusted.</summary>
    private static LabelSet Labels(Google.Protobuf.Collections.RepeatedField<string> pairs)
    {
        var labels = new Label[pairs.Count / 2];
        bool sorted = true;
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = new Label(pairs[2 * i], pairs[2 * i + 1]);
            sorted &= i == 0 || CodePointOrder.Compare(labels[i - 1].Name, labels[i].Name) < 0;
        }
        return sorted ? LabelSet.FromSortedUnsafe(labels) : LabelSet.From(labels);
    }
}
