using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aggregator.Tests.Common;

/// <summary>Self-signed CA and leaf certificates made in the test (never files from elsewhere).</summary>
public static class TestCertificates
{
    /// <summary>A CA certificate with its private key.</summary>
    public static X509Certificate2 CreateCa(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
    }

    /// <summary>A leaf certificate for 127.0.0.1/localhost (server) or a client, signed by <paramref name="ca"/>, with its key.</summary>
    public static X509Certificate2 CreateSigned(X509Certificate2 ca, string commonName, bool server) =>
        Create(ca, commonName, server, server ? [ServerAuthentication] : [ClientAuthentication]);

    /// <summary>
    /// A ring member's certificate for 127.0.0.1/localhost, signed by <paramref name="ca"/>: it permits both
    /// server and client authentication, as a member is both on its remoting connections.
    /// </summary>
    public static X509Certificate2 CreateMember(X509Certificate2 ca, string commonName) =>
        Create(ca, commonName, server: true, [ServerAuthentication, ClientAuthentication]);

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private static X509Certificate2 Create(X509Certificate2 ca, string commonName, bool server, string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var usage = new OidCollection();
        foreach (var oid in usages)
        {
            usage.Add(new Oid(oid));
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usage, false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }
        // Note: a leaf must not outlive its issuer; the CA is valid for two days, the leaf for one.
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        // Note: Kestrel on Linux needs an exportable key; a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes the certificate (and its key when <paramref name="keyPath"/> is given) as PEM files.</summary>
    public static void WritePem(X509Certificate2 certificate, string certPath, string? keyPath = null)
    {
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        if (keyPath is not null)
        {
            using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("no EC private key");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }
    }

    /// <summary>An HTTPS client that trusts only <paramref name="ca"/> and presents <paramref name="clientCertificate"/> when given.</summary>
    public static HttpClient CreateClient(X509Certificate2 ca, X509Certificate2? clientCertificate, Uri? baseAddress = null)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        if (clientCertificate is not null)
        {
            handler.ClientCertificates.Add(clientCertificate);
        }
        return baseAddress is null ? new HttpClient(handler) : new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
