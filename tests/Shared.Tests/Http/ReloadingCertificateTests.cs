using Aggregator.Shared.Http;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Http;

/// <summary>Certificates (server, client, CA bundles) follow their files: a rotation is picked up, a half-written file is not.</summary>
public sealed class ReloadingCertificateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reloading-cert-").FullName;
    private long _nowMs;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WithKey_FilesRewritten_NewCertificateAfterTheCheckIntervalOnly()
    {
        using var ca = TestCertificates.CreateCa("reload ca");
        using var first = TestCertificates.CreateSigned(ca, "first", server: false);
        using var second = TestCertificates.CreateSigned(ca, "second", server: false);
        string cert = Path.Combine(_dir, "tls.crt"), key = Path.Combine(_dir, "tls.key");
        TestCertificates.WritePem(first, cert, key);
        var reloading = ReloadingCertificate.WithKey(cert, key, () => _nowMs);
        Assert.Equal(first.Thumbprint, reloading.Current.Thumbprint);

        TestCertificates.WritePem(second, cert, key);
        File.SetLastWriteTimeUtc(cert, DateTime.UtcNow.AddMinutes(1));
        var beforeTheCheck = reloading.Current.Thumbprint;
        _nowMs += ReloadingFiles<object>.CheckIntervalMs;

        Assert.Equal(first.Thumbprint, beforeTheCheck);
        Assert.Equal(second.Thumbprint, reloading.Current.Thumbprint);
        Assert.True(reloading.Current.HasPrivateKey);
    }

    [Fact]
    public void Bundle_HalfWrittenThenComplete_KeepsThePreviousBundleUntilTheNewOneLoads()
    {
        using var oldCa = TestCertificates.CreateCa("old ca");
        using var newCa = TestCertificates.CreateCa("new ca");
        string file = Path.Combine(_dir, "ca.crt");
        TestCertificates.WritePem(oldCa, file);
        var bundle = ReloadingCertificate.Bundle(file, () => _nowMs);
        Assert.Equal(oldCa.Thumbprint, Assert.Single(bundle.Current).Thumbprint);

        File.WriteAllText(file, "-----BEGIN CERTIFICATE-----\nMIIB");
        _nowMs += ReloadingFiles<object>.CheckIntervalMs;
        var during = Assert.Single(bundle.Current).Thumbprint;
        File.WriteAllText(file, oldCa.ExportCertificatePem() + "\n" + newCa.ExportCertificatePem());
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        _nowMs += ReloadingFiles<object>.CheckIntervalMs;

        Assert.Equal(oldCa.Thumbprint, during);
        Assert.Equal([oldCa.Thumbprint, newCa.Thumbprint], bundle.Current.Select(c => c.Thumbprint));
    }
}
