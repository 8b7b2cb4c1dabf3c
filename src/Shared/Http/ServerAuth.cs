using System.Security.Cryptography;
using System.Text;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Http;

/// <summary>
/// Requires the configured bearer token or basic credentials on every endpoint except the
/// <c>/-/</c> probes (kubelets cannot send credentials). Secrets are read once at startup and
/// compared in constant time.
/// </summary>
internal static class ServerAuth
{
    public static IApplicationBuilder UseServerAuth(this IApplicationBuilder app, AuthConfig auth, MetricsRegistry metrics)
    {
        var denied = metrics.Counter("aggregator_http_unauthorized_total", "Requests refused with 401 for missing or wrong credentials.");
        if (auth.IsNone)
        {
            return app;
        }
        var expected = Encoding.UTF8.GetBytes(ExpectedHeader(auth));
        var challenge = auth.BearerTokenFile is not null ? "Bearer" : "Basic realm=\"aggregator\"";
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/-", StringComparison.Ordinal)
                || CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), expected))
            {
                await next(context);
                return;
            }
            denied.Inc();
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = challenge;
            await context.Response.WriteAsync("Unauthorized\n", context.RequestAborted);
        });
    }

    /// <summary>The exact Authorization header a caller must send.</summary>
    public static string ExpectedHeader(AuthConfig auth)
    {
        if (auth.BearerTokenFile is { } tokenFile)
        {
            return "Bearer " + File.ReadAllText(tokenFile).Trim();
        }
        var password = File.ReadAllText(auth.BasicPasswordFile!).TrimEnd('\r', '\n');
        return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.BasicUsername}:{password}"));
    }
}
