using System.Security.Cryptography;
using System.Text;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Http;

/// <summary>
/// Requires a known credential on every endpoint except the <c>/-/</c> probes (kubelets cannot send
/// credentials): the tree's (<c>security.auth</c>, no write restriction), a ring's (<c>credentials</c>
/// of a ring: writes of its sites) or a site's (<c>credentials</c> of a site node: writes of its own
/// site). The request's <see cref="WriterScope"/> tells the remote-write receiver which series it may
/// write. Credential files are re-read when they change; comparisons take constant time.
/// </summary>
internal static class ServerAuth
{
    public static IApplicationBuilder UseServerAuth(this IApplicationBuilder app, TopologyConfig topology, MetricsRegistry metrics)
    {
        var denied = metrics.Counter("aggregator_http_unauthorized_total", "Requests refused with 401 for missing or wrong credentials.");
        var accepted = AcceptedCredentials(topology);
        if (accepted.Count == 0)
        {
            return app;
        }
        var challenge = accepted[0].Header.Challenge;
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/-", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }
            var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            if (Match(accepted, given) is { } match)
            {
                match.Scope?.AttachTo(context);
                await next(context);
                return;
            }
            denied.Inc();
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = challenge;
            await context.Response.WriteAsync("Unauthorized\n", context.RequestAborted);
        });
    }

    /// <summary>Every credential the tree defines, with the writes it allows (null: any).</summary>
    public static List<AcceptedCredential> AcceptedCredentials(TopologyConfig topology)
    {
        var accepted = new List<AcceptedCredential>();
        if (!topology.Security.ServerAuth.IsNone)
        {
            accepted.Add(new AcceptedCredential(new AuthHeader(topology.Security.ServerAuth), null));
        }
        foreach (var ring in topology.Rings.Where(r => !r.Credentials.IsNone))
        {
            var sites = topology.Nodes.Where(n => n.Role == NodeRole.Node && IsUnder(topology, n.Parent, ring.Name)).Select(n => n.Site);
            accepted.Add(new AcceptedCredential(new AuthHeader(ring.Credentials), new WriterScope("ring " + ring.Name, sites.ToHashSet(StringComparer.Ordinal), AllowsUnlabelled: true)));
        }
        foreach (var site in topology.Nodes.Where(n => n.Role == NodeRole.Node && !n.Credentials.IsNone))
        {
            accepted.Add(new AcceptedCredential(new AuthHeader(site.Credentials), new WriterScope("site " + site.Site, new HashSet<string>([site.Site], StringComparer.Ordinal), AllowsUnlabelled: false)));
        }
        return accepted;
    }

    /// <summary>Whether ring <paramref name="parent"/> is <paramref name="ring"/> or below it.</summary>
    private static bool IsUnder(TopologyConfig topology, string? parent, string ring)
    {
        for (int hops = 0; parent is not null && hops <= topology.Rings.Count; hops++)
        {
            if (parent == ring)
            {
                return true;
            }
            parent = topology.FindRing(parent)?.Parent;
        }
        return false;
    }

    /// <summary>The first credential equal to <paramref name="given"/>; every one is compared, in constant time each.</summary>
    private static AcceptedCredential? Match(List<AcceptedCredential> accepted, byte[] given)
    {
        AcceptedCredential? found = null;
        foreach (var credential in accepted)
        {
            byte[] expected;
            try
            {
                expected = credential.Header.CurrentBytes();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Note: an unreadable file (being rotated, or missing) accepts nobody until it is readable again.
                continue;
            }
            if (CryptographicOperations.FixedTimeEquals(given, expected) && found is null)
            {
                found = credential;
            }
        }
        return found;
    }

    /// <summary>One credential the server accepts and what it may write.</summary>
    internal sealed record AcceptedCredential(AuthHeader Header, WriterScope? Scope);
}
