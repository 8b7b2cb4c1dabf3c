using Aggregator.Shared.Http;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// An HTTP client for calls to another tier: the topology's client TLS (CA, client certificate for
/// mTLS) and its client credentials on every request.
/// </summary>
internal static class TierHttp
{
    public static HttpClient CreateClient(SecurityConfig security, TimeSpan timeout)
    {
        var http = new HttpClient(RemoteWriteClient.CreateHandler(SourceOptionsMapping.ToTls(security.Client))) { Timeout = timeout };
        if (!security.ClientAuth.IsNone)
        {
            // Note: the same header our own endpoints expect from callers, built from the client's credential files.
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", ServerAuth.ExpectedHeader(security.ClientAuth));
        }
        return http;
    }
}
