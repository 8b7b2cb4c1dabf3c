using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>Turns a topology source into the scraper's options (one place, so the two cannot drift).</summary>
internal static class SourceOptionsMapping
{
    public static ScrapeSourceOptions ToScrapeOptions(SourceConfig source, IReadOnlyList<string> defaultMatch) => new()
    {
        Name = source.Name,
        Urls = source.Urls,
        // Note: a source without match pulls only what the node's rules select (minimal pull).
        Match = source.Match.Count > 0 ? source.Match : defaultMatch,
        Interval = source.Interval,
        Timeout = source.Timeout,
        Jitter = source.Jitter,
        HonorLabels = source.HonorLabels,
        ReplicaLabels = source.ReplicaLabels,
        BodySizeLimitBytes = source.BodySizeLimit,
        SampleLimit = (int)Math.Min(int.MaxValue, source.SampleLimit),
        TargetLabels = LabelSet.Of("job", source.Name),
        Auth = new ScrapeAuthOptions
        {
            BearerTokenFile = source.Auth.BearerTokenFile,
            BasicAuthUsername = source.Auth.BasicUsername,
            BasicAuthPasswordFile = source.Auth.BasicPasswordFile,
        },
        Tls = ToTls(source.Tls),
    };

    /// <summary>The credentials this process presents to another tier (forwarding, fan-out, drill-down).</summary>
    public static ScrapeAuthOptions ToAuth(AuthConfig auth) => new()
    {
        BearerTokenFile = auth.BearerTokenFile,
        BasicAuthUsername = auth.BasicUsername,
        BasicAuthPasswordFile = auth.BasicPasswordFile,
    };

    public static ScrapeTlsOptions ToTls(TlsClientConfig tls) => new()
    {
        CaFile = tls.CaFile,
        CertFile = tls.CertFile,
        KeyFile = tls.KeyFile,
        ServerName = tls.ServerName,
        InsecureSkipVerify = tls.InsecureSkipVerify,
    };
}
