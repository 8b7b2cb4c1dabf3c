using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// What this process presents when it calls another tier: its ring's <c>credentials</c> (a ring member
/// authenticates as its ring), a site node's own <c>credentials</c>, or else <c>security.client.auth</c>.
/// Every client of the process reads <see cref="SecurityConfig.ClientAuth"/>, so the choice is made once here.
/// </summary>
internal static class OwnCredentials
{
    public static NodeContext Apply(NodeContext node)
    {
        var own = node.Role == NodeRole.Aggregator ? node.Ring?.Credentials : node.Node.Credentials;
        if (own is null || own.IsNone)
        {
            return node;
        }
        return node with { Topology = node.Topology with { Security = node.Topology.Security with { ClientAuth = own } } };
    }
}
