using System.Security.Cryptography.X509Certificates;

namespace Aggregator.Shared.Http;

/// <summary>
/// PEM certificates loaded again when their files change (see <see cref="ReloadingFiles{T}"/>): a
/// certificate with its key (the server's, or a client's for mTLS), or a CA bundle without one. Used by
/// Kestrel (server certificate, client CA) and by every client (client certificate, CA), so a renewed
/// certificate is served and presented without a restart.
/// </summary>
internal static class ReloadingCertificate
{
    /// <summary>A certificate and its private key (PEM files).</summary>
    public static ReloadingFiles<X509Certificate2> WithKey(string certFile, string keyFile, Func<long>? clockMs = null) =>
        new([certFile, keyFile], () => LoadWithKey(certFile, keyFile), clockMs);

    /// <summary>Every certificate of a PEM bundle (CAs).</summary>
    public static ReloadingFiles<X509Certificate2Collection> Bundle(string pemFile, Func<long>? clockMs = null) =>
        new([pemFile], () => LoadBundle(pemFile), clockMs);

    private static X509Certificate2 LoadWithKey(string certFile, string keyFile)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        // Note: a PEM-loaded key is ephemeral; Kestrel and SslStream on Linux need one they can export, which a
        // PKCS#12 round trip gives.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2Collection LoadBundle(string pemFile)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(pemFile);
        if (bundle.Count == 0)
        {
            throw new CryptographicExceptionNoCertificate(pemFile);
        }
        return bundle;
    }

    /// <summary>A bundle file without a certificate (being rewritten, or wrong) is refused like a bad one.</summary>
    private sealed class CryptographicExceptionNoCertificate(string path)
        : System.Security.Cryptography.CryptographicException($"no certificate in '{path}'");
}
