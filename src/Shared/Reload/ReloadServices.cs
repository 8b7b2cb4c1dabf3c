using Aggregator.Shared.StatusPage;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.Reload;

/// <summary>Configuration reload on every host: the reloader (whose gauges the status page and <c>/metrics</c> read) and SIGHUP.</summary>
internal static class ReloadServices
{
    public static IServiceCollection AddConfigReload(this IServiceCollection services)
    {
        services.AddSingleton<ConfigReloader>();
        services.AddSingleton<IReloadStatus>(sp => sp.GetRequiredService<ConfigReloader>());
        services.AddHostedService<ReloadSignal>();
        return services;
    }
}
