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
        HttpMessageHandler handler = RemoteWriteClient.CreateHandler(SourceOptionsMapping.ToTls(security.Client));
        if (!security.ClientAuth.IsNone)
        {
            // Note: the same header our own endpoints expect from callers, built per request from the
            // client's credential files, so a rotated secret is sent without a restart.
            handler = new AuthHeaderHandler(new AuthHeader(security.ClientAuth)) { InnerHandler = handler };
        }
        return new HttpClient(handler) { Timeout = timeout };
    }
}
