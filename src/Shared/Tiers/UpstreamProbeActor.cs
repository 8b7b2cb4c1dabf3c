using Akka.Actor;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// On a site Node: which members of the ring it forwards to answer <c>/-/healthy</c>, probed on a timer
/// (the Node is outside that ring's cluster, so a probe is all it can know), for
/// <c>aggregator_ring_member_up</c> and the status page.
/// </summary>
internal sealed class UpstreamProbeActor : ReceiveActor, IWithTimers
{
    private static readonly object TickKey = "tick";

    private readonly Inputs _inputs;
    private readonly CompletenessMetrics _metrics;
    private HttpClient? _http;

    /// <summary>Use <see cref="Props"/>; public only because Akka creates actors through a public constructor.</summary>
    public UpstreamProbeActor(Inputs inputs, CompletenessMetrics metrics)
    {
        _inputs = inputs;
        _metrics = metrics;
        Receive<Tick>(_ => ProbeMembers());
        Receive<MemberProbed>(probed =>
        {
            _metrics.MemberUp.WithLabels(_inputs.Ring.Name, probed.Member).Set(probed.Up ? 1 : 0);
            _inputs.Status?.Members.Record(probed.Member, probed.Up);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The ring to probe, a client factory (called by the actor, so that a restart gets a new client), and how often.</summary>
    public sealed record Inputs(RingView Ring, Func<HttpClient> CreateHttp, TimeSpan Interval)
    {
        /// <summary>Where the status page reads member state; none in tests that only read metrics.</summary>
        public StatusBoards? Status { get; init; }
    }

    public static Props Props(Inputs inputs, CompletenessMetrics metrics) =>
        Akka.Actor.Props.Create(() => new UpstreamProbeActor(inputs, metrics));

    protected override void PreStart()
    {
        _http = _inputs.CreateHttp();
        Self.Tell(Tick.Instance);
        Timers.StartPeriodicTimer(TickKey, Tick.Instance, _inputs.Interval, _inputs.Interval);
    }

    protected override void PostStop() => _http?.Dispose();

    private void ProbeMembers()
    {
        foreach (var member in _inputs.Ring.Members)
        {
            var id = member.Id;
            ProbeAsync(_http!, member).PipeTo(Self, Self, success: up => new MemberProbed(id, up), failure: _ => new MemberProbed(id, false));
        }
    }

    private async Task<bool> ProbeAsync(HttpClient http, NodeConfig member)
    {
        using var timeout = new CancellationTokenSource(_inputs.Interval);
        using var response = await http.GetAsync(new Uri(member.Url, "-/healthy"), timeout.Token).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private sealed record MemberProbed(string Member, bool Up);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
