namespace Aggregator.Shared.StatusPage;

/// <summary>Everything <c>/api/v1/status</c> and the status page show, at one instant.</summary>
internal sealed record StatusSnapshot(
    string Node,
    string Role,
    string? Site,
    string? Ring,
    string? Upstream,
    bool Ready,
    IReadOnlyList<string> NotReadyReasons,
    long NowMs,
    IReadOnlyList<MemberRow> Members,
    IReadOnlyList<SiteRow> Sites,
    IReadOnlyList<SourceRow> Sources,
    IReadOnlyList<RuleGroupStatus> RuleGroups,
    IReadOnlyList<ForwardQueueStatus> ForwardQueues,
    ReloadRow? Reload);

/// <summary>A ring member: up is null until it was probed.</summary>
/// <summary>A ring member's row: <c>State</c> is its Akka.Cluster state on a ring member ("up", "unreachable", "removed", "absent"...), null on a Node (probes only).</summary>
internal sealed record MemberRow(string Id, string Ring, string Url, bool? Up, bool Self, string? State = null);

/// <summary>
/// A site as a ring member sees it: seconds since last heard from (null: never), series held
/// (null: not counted yet), its sources as its Node reports them (null: unknown), and its freshness
/// samples, oldest first, <paramref name="FreshnessStepSeconds"/> apart (NaN: not heard from yet).
/// </summary>
internal sealed record SiteRow(string Site, double? LastSeenSeconds, int? Series, SiteSources? Sources, double[] Freshness, double FreshnessStepSeconds);

/// <summary>A source of this site Node: up is null before its first poll; Samples is the last accepted body's.</summary>
internal sealed record SourceRow(string Name, bool? Up, string ActiveReplica, IReadOnlyList<string> Replicas, string? LastError, double? LastPollDurationSeconds,
    long? LastPollMs, int? Samples);

/// <summary>The last configuration reload: whether it succeeded, when the configuration in use was loaded, and the last failure's errors.</summary>
internal sealed record ReloadRow(bool Successful, long LastSuccessMs, IReadOnlyList<string> Errors);
