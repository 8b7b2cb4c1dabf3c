using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// A piece of a running node: its services (actors, hosted services) and its HTTP endpoints.
/// Implementations in Aggregator.Shared with a public parameterless constructor are found by
/// <see cref="NodeComponentCatalog"/>, so adding a subsystem to the hosts needs no edit here.
/// </summary>
/// <remarks>
/// Services may take <see cref="NodeContext"/>, <see cref="ReadinessGate"/>,
/// <see cref="Diagnostics.MetricsRegistry"/> and <see cref="TimeProvider"/> from the container.
/// To keep <c>/-/ready</c> at 503 until an actor runs, call <see cref="ReadinessGate.Hold"/> while
/// starting and dispose the hold when ready.
/// </remarks>
internal interface INodeComponent
{
    /// <summary>True when this component runs on <paramref name="node"/> (usually by role).</summary>
    bool AppliesTo(NodeContext node);

    /// <summary>Registers services; hosted services start with the host and stop on SIGTERM.</summary>
    void ConfigureServices(IServiceCollection services, NodeContext node);

    /// <summary>Maps this component's endpoints.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints, NodeContext node);
}
