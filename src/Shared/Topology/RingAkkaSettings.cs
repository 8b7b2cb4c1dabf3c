namespace Aggregator.Shared.Topology;

/// <summary>
/// A ring's <c>akka { }</c> block: the few Akka.Cluster settings a user may tune (null keeps Akka's
/// default). Read by our own HOCON reader and validated; Akka receives them as generated text.
/// </summary>
internal sealed record RingAkkaSettings
{
    public static RingAkkaSettings Defaults { get; } = new();

    /// <summary><c>akka.cluster.split-brain-resolver.stable-after</c>.</summary>
    public TimeSpan? StableAfter { get; init; }

    /// <summary><c>akka.cluster.split-brain-resolver.down-all-when-unstable</c> (on/off).</summary>
    public bool? DownAllWhenUnstable { get; init; }

    /// <summary><c>akka.cluster.failure-detector.heartbeat-interval</c>.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary><c>akka.cluster.failure-detector.acceptable-heartbeat-pause</c>.</summary>
    public TimeSpan? AcceptableHeartbeatPause { get; init; }

    /// <summary><c>akka.cluster.failure-detector.threshold</c> (phi).</summary>
    public double? Threshold { get; init; }

    /// <summary><c>akka.cluster.retry-unsuccessful-join-after</c>.</summary>
    public TimeSpan? RetryUnsuccessfulJoinAfter { get; init; }
}
