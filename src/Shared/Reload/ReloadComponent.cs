using Aggregator.Shared.StatusPage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Reload;

/// <summary>Configuration reload on every process: the reloader, SIGHUP, and <c>POST /-/reload</c> (both compositions add it).</summary>
internal static class ReloadComponent
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<ConfigReloader>();
        services.AddSingleton<IReloadStatus>(sp => sp.GetRequiredService<ConfigReloader>());
        services.AddHostedService<ReloadSignal>();
    }

    public static void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Note: resolved now, so the gauges are on /metrics from the first scrape.
        _ = endpoints.ServiceProvider.GetRequiredService<ConfigReloader>();
        endpoints.MapReload();
    }
}
