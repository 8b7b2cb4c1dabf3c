using System.Security.Cryptography.X509Certificates;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// A PEM certificate (with its key, or a CA without one) loaded again when its files change, so a
/// renewed certificate (cert-manager rewrites the Secret's files) is served without a restart.
/// Note: the files' stamps are looked at most once a second; a pair being rewritten that fails to load
/// keeps the previous certificate until it loads. Thread-safe.
/// </summary>
internal sealed class ReloadingCertificate(string certFile, string? keyFile)
{
    private const long CheckIntervalMs = 1000;

    private readonly Lock _lock = new();
    private X509Certificate2? _current;
    private (DateTime, long, DateTime, long) _stamp;
    private long _checkedAtMs = long.MinValue;

    /// <summary>The certificate as the files hold it now (loaded on first use; throws if it never loaded).</summary>
    public X509Certificate2 Current
    {
        get
        {
            long now = Environment.TickCount64;
            lock (_lock)
            {
                if (_current is not null && now - _checkedAtMs < CheckIntervalMs)
                {
                    return _current;
                }
                _checkedAtMs = now;
                var stamp = Stamp();
                if (_current is null || stamp != _stamp)
                {
                    try
                    {
                        _current = Load();
                        _stamp = stamp;
                    }
                    catch (Exception e) when (_current is not null && e is IOException or System.Security.Cryptography.CryptographicException)
                    {
                        // Note: half-written files during a rotation; the next check tries again.
                    }
                }
                return _current!;
            }
        }
    }

    private (DateTime, long, DateTime, long) Stamp()
    {
        var cert = new FileInfo(certFile);
        var key = keyFile is null ? null : new FileInfo(keyFile);
        return (cert.Exists ? cert.LastWriteTimeUtc : default, cert.Exists ? cert.Length : -1,
            key is { Exists: true } ? key.LastWriteTimeUtc : default, key is { Exists: true } ? key.Length : -1);
    }

    private X509Certificate2 Load()
    {
        if (keyFile is null)
        {
            return X509CertificateLoader.LoadCertificateFromFile(certFile);
        }
        using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        // Note: Kestrel on Linux needs a key it can export; a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
