using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// The status page's own work on a ring member (RingComposition adds it): the sampler behind the
/// per-site freshness plots and sources counts. The page and <c>/api/v1/status</c> themselves are on
/// every host (NodeHostBuilder).
/// </summary>
internal static class StatusPageComponent
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<StatusSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusSampler>());
    }
}
