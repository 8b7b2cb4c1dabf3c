namespace Aggregator.Shared.Cluster;

/// <summary>
/// Holds a ring member's cluster join until <see cref="Opened"/> completes; its remoting listens
/// meanwhile. The demo starts every member of its ring in one process and opens the gate once all of
/// them listen: a member that asks a seed not yet listening logs Akka's "Connection refused" warnings,
/// which a clean start must not print (an operator's ring joins at once, as its members start apart).
/// </summary>
internal sealed class RingJoinGate(Task opened)
{
    public Task Opened { get; } = opened;
}
