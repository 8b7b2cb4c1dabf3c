using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Shared.StatusPage;

/// <summary>The status page's services, on every host whatever its role: the boards, the snapshot builder, and the sampler.</summary>
internal static class StatusPageServices
{
    public static IServiceCollection AddStatusPage(this IServiceCollection services)
    {
        services.AddSingleton<StatusBoards>();
        services.AddSingleton<StatusSnapshotBuilder>();
        services.AddSingleton<StatusSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusSampler>());
        return services;
    }
}
