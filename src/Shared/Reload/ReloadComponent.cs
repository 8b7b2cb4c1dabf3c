using Aggregator.Shared.Hosting;
using Aggregator.Shared.StatusPage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Reload;

/// <summary>Configuration reload on every process: the reloader, SIGHUP, and <c>POST /-/reload</c>.</summary>
internal sealed class ReloadComponent : INodeComponent
{
    public bool AppliesTo(NodeContext node) => true;

    public void ConfigureServices(IServiceCollection services, NodeContext node)
    {
        services.AddSingleton<ConfigReloader>();
        services.AddSingleton<IReloadStatus>(sp => sp.GetRequiredService<ConfigReloader>());
        services.AddHostedService<ReloadSignal>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints, NodeContext node)
    {
        // Note: resolved now, so the gauges are on /metrics from the first scrape.
        _ = endpoints.ServiceProvider.GetRequiredService<ConfigReloader>();
        endpoints.MapReload();
    }
}
