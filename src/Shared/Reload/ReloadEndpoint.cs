using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Shared.Reload;

/// <summary>
/// <c>POST /-/reload</c> (and PUT, as Prometheus accepts): 200 once the new configuration is applied;
/// 500 with every error, one per line, when it was refused (Prometheus answers a failed reload with
/// 500 too); other methods get 405 from routing.
/// </summary>
internal static class ReloadEndpoint
{
    public const string Path = "/-/reload";

    public static IEndpointConventionBuilder MapReload(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(Path, [HttpMethods.Post, HttpMethods.Put], async (ConfigReloader reloader, CancellationToken cancellationToken) =>
        {
            var result = await reloader.ReloadAsync(cancellationToken).ConfigureAwait(false);
            return result.Success
                ? Results.Text("configuration reloaded\n", "text/plain; charset=utf-8")
                : Results.Text("failed to reload config (the previous configuration stays):\n" + string.Join('\n', result.Errors) + "\n",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status500InternalServerError);
        });
}
