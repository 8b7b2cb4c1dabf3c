using System.Globalization;
using System.Text;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// The Akka configuration of one ring member, generated as HOCON text from the validated topology.
/// Note: Akka's own HOCON parser never sees a user's file (it hangs on an unterminated array, throws on
/// <c>include</c> and reports no positions); it only parses this text, whose every value we wrote.
/// </summary>
internal static class ClusterHocon
{
    /// <summary>The entity type name of the site entities in the shard region.</summary>
    public const string EntityType = "site";

    /// <summary>The DistributedPubSub topic every member's view listens on.</summary>
    public const string Topic = "site-changes";

    /// <summary>
    /// The member's configuration: remoting on its url's host at its cluster port (bound on its listen
    /// host), the given seed endpoints, keep-majority downing, sharding in ddata mode without idle
    /// passivation (an entity's state is only in memory), and the ring's <c>akka { }</c> block.
    /// </summary>
    public static string Build(RingConfig ring, NodeConfig member, string publicHost, IReadOnlyList<string> seedEndpoints, bool tls, string system)
    {
        var text = new StringBuilder();
        text.AppendLine("akka {");
        text.AppendLine("  loglevel = INFO");
        text.AppendLine("  actor {");
        text.AppendLine("    provider = cluster");
        text.AppendLine($"    serializers {{ aggregator-cluster = {Quote(TypeName(typeof(ClusterSerializer)))} }}");
        text.AppendLine($"    serialization-bindings {{ {Quote(TypeName(typeof(IClusterMessage)))} = aggregator-cluster }}");
        text.AppendLine("  }");
        text.AppendLine("  remote.dot-netty.tcp {");
        text.AppendLine($"    hostname = {Quote(BindHost(member, publicHost))}");
        text.AppendLine($"    public-hostname = {Quote(publicHost)}");
        text.AppendLine($"    port = {member.ClusterPort}");
        text.AppendLine($"    enable-ssl = {(tls ? "on" : "off")}");
        text.AppendLine("  }");
        text.AppendLine("  cluster {");
        text.AppendLine($"    seed-nodes = [{string.Join(", ", seedEndpoints.Select(e => Quote(SeedAddress(e, tls, system))))}]");
        text.AppendLine("    downing-provider-class = \"Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster\"");
        text.AppendLine("    split-brain-resolver.active-strategy = keep-majority");
        text.AppendLine("    sharding {");
        text.AppendLine("      state-store-mode = ddata");
        text.AppendLine("      remember-entities = off");
        text.AppendLine("      passivate-idle-entity-after = off");
        text.AppendLine("    }");
        AppendRingBlock(text, ring.Akka);
        text.AppendLine("  }");
        text.AppendLine("}");
        return text.ToString();
    }

    /// <summary>Seed endpoints (host:port) of a ring with static members: each member's url host at its cluster port.</summary>
    public static IReadOnlyList<string> StaticSeeds(TopologyConfig topology, RingConfig ring) =>
        [.. topology.MembersOf(ring).Select(m => Endpoint(m.Url.Host, m.ClusterPort))];

    /// <summary>A seed's Akka address: the ring's actor system at <paramref name="endpoint"/> (host:port).</summary>
    public static string SeedAddress(string endpoint, bool tls, string system) => $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{system}@{endpoint}";

    public static string Endpoint(string host, int port) =>
        (host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    private static void AppendRingBlock(StringBuilder text, RingAkkaSettings akka)
    {
        if (akka.StableAfter is { } stable)
        {
            text.AppendLine($"    split-brain-resolver.stable-after = {Duration(stable)}");
        }
        if (akka.DownAllWhenUnstable is { } downAll)
        {
            text.AppendLine($"    split-brain-resolver.down-all-when-unstable = {(downAll ? "on" : "off")}");
        }
        if (akka.HeartbeatInterval is { } interval)
        {
            text.AppendLine($"    failure-detector.heartbeat-interval = {Duration(interval)}");
        }
        if (akka.AcceptableHeartbeatPause is { } pause)
        {
            text.AppendLine($"    failure-detector.acceptable-heartbeat-pause = {Duration(pause)}");
        }
        if (akka.Threshold is { } threshold)
        {
            text.AppendLine($"    failure-detector.threshold = {threshold.ToString("R", CultureInfo.InvariantCulture)}");
        }
        if (akka.RetryUnsuccessfulJoinAfter is { } retry)
        {
            text.AppendLine($"    retry-unsuccessful-join-after = {Duration(retry)}");
        }
    }

    /// <summary>Binds where the member listens for HTTP when that is an address (0.0.0.0 in a pod), else its public host.</summary>
    private static string BindHost(NodeConfig member, string publicHost) =>
        System.Net.IPAddress.TryParse(member.Listen.Host.Trim('[', ']'), out _) ? member.Listen.Host.Trim('[', ']') : publicHost;

    private static string Duration(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
