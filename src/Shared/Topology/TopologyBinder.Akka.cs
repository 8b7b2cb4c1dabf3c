using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Topology;

/// <summary>A ring's <c>akka { }</c> block; unknown keys are already reported by <c>CheckKeys</c> against reference.conf.</summary>
internal sealed partial class TopologyBinder
{
    private RingAkkaSettings BindRingAkka(HoconObject akka, string path)
    {
        var clusterPath = Child(path, "cluster");
        var cluster = Section(akka, "cluster", path);
        var sbrPath = Child(clusterPath, "split-brain-resolver");
        var sbr = Section(cluster, "split-brain-resolver", clusterPath);
        var fdPath = Child(clusterPath, "failure-detector");
        var fd = Section(cluster, "failure-detector", clusterPath);
        return new RingAkkaSettings
        {
            StableAfter = Read<TimeSpan?>(sbr, "stable-after", sbrPath, (v, p) => HoconConfig.AsDuration(v, p), null),
            DownAllWhenUnstable = Read<bool?>(sbr, "down-all-when-unstable", sbrPath, (v, p) => HoconConfig.AsBool(v, p), null),
            HeartbeatInterval = Read<TimeSpan?>(fd, "heartbeat-interval", fdPath, (v, p) => HoconConfig.AsDuration(v, p), null),
            AcceptableHeartbeatPause = Read<TimeSpan?>(fd, "acceptable-heartbeat-pause", fdPath, (v, p) => HoconConfig.AsDuration(v, p), null),
            Threshold = Read<double?>(fd, "threshold", fdPath, (v, p) => HoconConfig.AsDouble(v, p), null),
            RetryUnsuccessfulJoinAfter = Read<TimeSpan?>(cluster, "retry-unsuccessful-join-after", clusterPath, (v, p) => HoconConfig.AsDuration(v, p), null),
        };
    }
}
