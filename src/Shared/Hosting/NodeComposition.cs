using Aggregator.Shared.Tiers;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// What one role adds to the host: its services (the ActorSystem with its actors, stores) and its
/// endpoints. <see cref="For"/> picks the role's composition; tests may pass their own.
/// </summary>
internal sealed record NodeComposition(Action<IServiceCollection, NodeContext> AddServices, Action<IEndpointRouteBuilder, NodeContext> MapEndpoints)
{
    /// <summary>A site Node: <see cref="SiteComposition"/>.</summary>
    public static NodeComposition Site { get; } = new(SiteComposition.AddServices, SiteComposition.MapEndpoints);

    /// <summary>A ring member: <see cref="RingComposition"/>.</summary>
    public static NodeComposition Ring { get; } = new(RingComposition.AddServices, RingComposition.MapEndpoints);

    public static NodeComposition For(NodeRole role) => role == NodeRole.Node ? Site : Ring;
}
