using Aggregator.Shared.Hosting;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// The status page's own work on a ring member: the sampler behind the per-site freshness plots and
/// sources counts. The page and <c>/api/v1/status</c> themselves are on every host (NodeHostBuilder).
/// </summary>
internal sealed class StatusPageComponent : INodeComponent
{
    public bool AppliesTo(NodeContext node) => node.Role == NodeRole.Aggregator;

    public void ConfigureServices(IServiceCollection services, NodeContext node)
    {
        services.AddSingleton<StatusSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusSampler>());
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints, NodeContext node)
    {
    }
}
