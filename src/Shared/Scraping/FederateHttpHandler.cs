using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Aggregator.Shared.Http;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Builds the SocketsHttpHandler of a source (or of a parent ring, for remote-write and probes) from its TLS
/// settings; the client certificate and the CA bundle are re-read when their files change.
/// </summary>
internal static class FederateHttpHandler
{
    /// <summary>How long a connection that presents a client certificate is reused at most.</summary>
    public static readonly TimeSpan RotatedCertificateLifetime = TimeSpan.FromMinutes(1);

    /// <param name="tls">The source's or parent's TLS settings.</param>
    /// <param name="clockMs">Milliseconds of a monotonic clock for the certificate files' checks (tests); the tick count by default.</param>
    public static SocketsHttpHandler Create(ScrapeTlsOptions tls, Func<long>? clockMs = null)
    {
        var handler = new SocketsHttpHandler
        {
            // Note: Prometheus's scraper asks for gzip only; the body-size limit then counts decompressed bytes,
            // as Prometheus's does.
            AutomaticDecompression = DecompressionMethods.GZip,
            // Note: a hostile or compromised source could redirect the Node to internal addresses (with its
            // credentials); a redirect is a failed poll that names it instead.
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            // Note: a body abandoned at the size limit must not be drained to reuse the connection.
            MaxResponseDrainSize = 0,
        };
        var ssl = new SslClientAuthenticationOptions();
        if (tls.ServerName is { } serverName)
        {
            ssl.TargetHost = serverName;
        }
        if (tls.CertFile is { } certFile && tls.KeyFile is { } keyFile)
        {
            // Note: the files are read again when they change (rotation without a restart), and every TLS
            // handshake asks for the certificate as it is then; loading now reports a bad pair at start.
            var cert = ReloadingCertificate.WithKey(certFile, keyFile, clockMs);
            _ = cert.Current;
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => cert.Current;
            // Note: a pooled connection keeps the certificate of its handshake; connections are renewed after
            // this long, so a busy connection presents a rotated certificate within it too.
            handler.PooledConnectionLifetime = RotatedCertificateLifetime;
        }
        if (tls.InsecureSkipVerify)
        {
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (tls.CaFile is { } caFile)
        {
            var roots = ReloadingCertificate.Bundle(caFile, clockMs);
            _ = roots.Current;
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainst(roots.Current, certificate, errors);
        }
        handler.SslOptions = ssl;
        return handler;
    }

    private static bool ValidateAgainst(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
