using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Aggregator.Shared.Scraping;

/// <summary>Builds the SocketsHttpHandler of a source from its TLS settings.</summary>
internal static class FederateHttpHandler
{
    public static SocketsHttpHandler Create(ScrapeTlsOptions tls)
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
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // Note: a PEM-loaded key is ephemeral; exporting to PKCS#12 and back gives a key SslStream can use everywhere.
            var cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
            ssl.ClientCertificates = [cert];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => cert;
        }
        if (tls.InsecureSkipVerify)
        {
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (tls.CaFile is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainst(roots, certificate, errors);
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
