using System.Security.Cryptography.X509Certificates;
using System.Text;
using Aggregator.Shared.Scraping;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Tests.Scraping;

public sealed class FederateClientTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scrape-tls-").FullName;
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("Aggregator Test CA");
    private readonly X509Certificate2 _serverCert;
    private readonly string _caFile;

    public FederateClientTlsTests()
    {
        _serverCert = TestCertificates.CreateSigned(_ca, "127.0.0.1", server: true);
        _caFile = Path.Combine(_dir, "ca.pem");
        TestCertificates.WritePem(_ca, _caFile);
    }

    public void Dispose()
    {
        _serverCert.Dispose();
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static ScrapeSourceOptions Options(Uri url, ScrapeTlsOptions tls) => new()
    {
        Name = "tls",
        Urls = [url],
        Match = ["up"],
        Tls = tls,
    };

    private static async Task<string> FetchAsync(ScrapeSourceOptions options)
    {
        using var client = new FederateClient(options, TimeProvider.System);
        using var body = await client.FetchAsync(options.Urls[0], CancellationToken.None);
        return Encoding.UTF8.GetString(body.Span);
    }

    [Fact]
    public async Task FetchAsync_ServerSignedByCaFile_Succeeds()
    {
        await using var server = await LoopbackHttpServer.StartAsync(ctx => ctx.Response.WriteAsync("up 1\n"), _serverCert);
        Assert.Equal("https", server.Url.Scheme);
        Assert.Equal("up 1\n", await FetchAsync(Options(server.Url, new ScrapeTlsOptions { CaFile = _caFile })));
    }

    [Fact]
    public async Task FetchAsync_UntrustedServer_FailsWithTls()
    {
        await using var server = await LoopbackHttpServer.StartAsync(ctx => ctx.Response.WriteAsync("up 1\n"), _serverCert);
        var e = await Assert.ThrowsAsync<ScrapeException>(() => FetchAsync(Options(server.Url, ScrapeTlsOptions.Default)));
        Assert.Equal(ScrapeFailureReason.Tls, e.Reason);
    }

    [Fact]
    public async Task FetchAsync_OtherCa_FailsWithTls()
    {
        using var otherCa = TestCertificates.CreateCa("Other CA");
        var otherFile = Path.Combine(_dir, "other.pem");
        TestCertificates.WritePem(otherCa, otherFile);
        await using var server = await LoopbackHttpServer.StartAsync(ctx => ctx.Response.WriteAsync("up 1\n"), _serverCert);
        var e = await Assert.ThrowsAsync<ScrapeException>(() => FetchAsync(Options(server.Url, new ScrapeTlsOptions { CaFile = otherFile })));
        Assert.Equal(ScrapeFailureReason.Tls, e.Reason);
    }

    [Fact]
    public async Task FetchAsync_InsecureSkipVerify_AcceptsUntrustedServer()
    {
        await using var server = await LoopbackHttpServer.StartAsync(ctx => ctx.Response.WriteAsync("up 1\n"), _serverCert);
        Assert.Equal("up 1\n", await FetchAsync(Options(server.Url, new ScrapeTlsOptions { InsecureSkipVerify = true })));
    }

    [Fact]
    public async Task FetchAsync_ClientCertificate_IsPresented()
    {
        using var clientCert = TestCertificates.CreateSigned(_ca, "node-dc1", server: false);
        var certFile = Path.Combine(_dir, "client.pem");
        var keyFile = Path.Combine(_dir, "client.key");
        TestCertificates.WritePem(clientCert, certFile, keyFile);
        string? presented = null;
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            presented = ctx.Connection.ClientCertificate?.Subject;
            return ctx.Response.WriteAsync("up 1\n");
        }, _serverCert, requireClientCertificate: true);
        var tls = new ScrapeTlsOptions { CaFile = _caFile, CertFile = certFile, KeyFile = keyFile };
        Assert.Equal("up 1\n", await FetchAsync(Options(server.Url, tls)));
        Assert.Equal("CN=node-dc1", presented);
    }

    [Fact]
    public async Task FetchAsync_ClientCertificateFilesRotated_TheNextConnectionPresentsTheNewCertificate()
    {
        using var before = TestCertificates.CreateSigned(_ca, "node-dc1", server: false);
        using var after = TestCertificates.CreateSigned(_ca, "node-dc1-renewed", server: false);
        var certFile = Path.Combine(_dir, "client.pem");
        var keyFile = Path.Combine(_dir, "client.key");
        TestCertificates.WritePem(before, certFile, keyFile);
        var presented = new List<string?>();
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            presented.Add(ctx.Connection.ClientCertificate?.Thumbprint);
            // Note: every request on a connection of its own, so each one shows the certificate of its handshake.
            ctx.Response.Headers.Connection = "close";
            return ctx.Response.WriteAsync("up 1\n");
        }, _serverCert, requireClientCertificate: true);
        var time = new ManualTimeProvider();
        var options = Options(server.Url, new ScrapeTlsOptions { CaFile = _caFile, CertFile = certFile, KeyFile = keyFile });
        using var client = new FederateClient(options, time);

        (await client.FetchAsync(server.Url, CancellationToken.None)).Dispose();
        TestCertificates.WritePem(after, certFile, keyFile);
        File.SetLastWriteTimeUtc(certFile, DateTime.UtcNow.AddMinutes(1));
        time.Advance(TimeSpan.FromSeconds(2));
        (await client.FetchAsync(server.Url, CancellationToken.None)).Dispose();

        Assert.Equal([before.Thumbprint, after.Thumbprint], presented);
    }
}
