using System.Security.Cryptography.X509Certificates;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Scraping;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.RemoteWrite;

/// <summary>mTLS between tiers: our sender with CA, client certificate and key from PEM files, against Kestrel requiring a client certificate.</summary>
public sealed class RemoteWriteClientTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rw-tls-").FullName;
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("Aggregator RW Test CA");
    private readonly X509Certificate2 _serverCert;
    private readonly X509Certificate2 _clientCert;
    private readonly ScrapeTlsOptions _tls;
    private readonly List<string?> _clientSubjects = [];
    private readonly List<WriteBatch> _received = [];

    public RemoteWriteClientTlsTests()
    {
        _serverCert = TestCertificates.CreateSigned(_ca, "127.0.0.1", server: true);
        _clientCert = TestCertificates.CreateSigned(_ca, "node-eu-1", server: false);
        _tls = new ScrapeTlsOptions
        {
            CaFile = Path.Combine(_dir, "ca.pem"), CertFile = Path.Combine(_dir, "client.pem"), KeyFile = Path.Combine(_dir, "client.key"),
        };
        TestCertificates.WritePem(_ca, _tls.CaFile);
        TestCertificates.WritePem(_clientCert, _tls.CertFile, _tls.KeyFile);
    }

    private Task<LoopbackHttpServer> StartReceiverAsync(X509Certificate2 serverCert) =>
        LoopbackHttpServer.StartAsync(async context =>
        {
            lock (_clientSubjects)
            {
                _clientSubjects.Add(context.Connection.ClientCertificate?.Subject);
            }
            await RemoteWriteEndpoints.ReceiveAsync(context, (batch, _) =>
            {
                lock (_received)
                {
                    _received.Add(batch);
                }
                return ValueTask.CompletedTask;
            }, RemoteWriteLimits.Default, new RemoteWriteReceiverMetrics());
        }, serverCert, requireClientCertificate: true);

    private async Task<RemoteWriteResult> SendAsync(Uri baseUrl, ScrapeTlsOptions tls)
    {
        using var http = new HttpClient(RemoteWriteClient.CreateHandler(tls)) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new RemoteWriteClient(http, new RemoteWriteClientOptions { Url = new Uri(baseUrl, "api/v1/write"), MaxAttempts = 1 });
        using var encoder = new RemoteWriteEncoder();
        return await client.SendAsync(encoder.Encode(RemoteWriteTestData.Small().Series));
    }

    [Fact]
    public async Task SendAsync_MutualTlsFromPemFiles_ReceiverSeesClientCertificateAndStoresBatch()
    {
        await using var server = await StartReceiverAsync(_serverCert);

        var result = await SendAsync(server.Url, _tls);

        Assert.Equal(RemoteWriteOutcome.Sent, result.Outcome);
        Assert.Equal(["CN=node-eu-1"], _clientSubjects);
        RemoteWriteTestData.AssertSame(RemoteWriteTestData.Small(), Assert.Single(_received));
    }

    [Fact]
    public async Task SendAsync_ServerCertificateFromOtherCa_FailsAsRetryableNetworkError()
    {
        using var otherCa = TestCertificates.CreateCa("Someone Else");
        using var foreign = TestCertificates.CreateSigned(otherCa, "127.0.0.1", server: true);
        await using var server = await StartReceiverAsync(foreign);

        var result = await SendAsync(server.Url, _tls);

        Assert.Equal(RemoteWriteOutcome.GaveUp, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task SendAsync_ClientCertificateRotatedToANewCa_TheNextRequestPresentsItAndTheServerThatTrustsOnlyTheNewCaTakesIt()
    {
        using var newCa = TestCertificates.CreateCa("Aggregator RW Test CA 2");
        using var renewed = TestCertificates.CreateSigned(newCa, "node-eu-1-renewed", server: false);
        var trusted = _ca;
        var refused = 0;
        await using var server = await LoopbackHttpServer.StartAsync(async context =>
        {
            // Note: each request on a connection of its own, so each one shows the certificate of its handshake.
            context.Response.Headers.Connection = "close";
            if (!SignedBy(context.Connection.ClientCertificate, trusted))
            {
                Interlocked.Increment(ref refused);
                context.Response.StatusCode = 403;
                return;
            }
            await RemoteWriteEndpoints.ReceiveAsync(context, (batch, _) =>
            {
                lock (_received)
                {
                    _received.Add(batch);
                }
                return ValueTask.CompletedTask;
            }, RemoteWriteLimits.Default, new RemoteWriteReceiverMetrics());
        }, _serverCert, requireClientCertificate: true);
        long nowMs = 0;
        using var http = new HttpClient(RemoteWriteClient.CreateHandler(_tls, () => nowMs)) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new RemoteWriteClient(http, new RemoteWriteClientOptions { Url = new Uri(server.Url, "api/v1/write"), MaxAttempts = 1 });
        using var encoder = new RemoteWriteEncoder();

        var first = await client.SendAsync(encoder.Encode(RemoteWriteTestData.Small().Series));
        trusted = newCa;
        TestCertificates.WritePem(renewed, _tls.CertFile!, _tls.KeyFile!);
        File.SetLastWriteTimeUtc(_tls.CertFile!, DateTime.UtcNow.AddMinutes(1));
        nowMs += 2000;
        var second = await client.SendAsync(encoder.Encode(RemoteWriteTestData.Small().Series));

        Assert.Equal(RemoteWriteOutcome.Sent, first.Outcome);
        Assert.True(RemoteWriteOutcome.Sent == second.Outcome, $"{second.Outcome} {second.StatusCode} {second.Error}");
        Assert.Equal(0, refused);
        Assert.Equal(2, _received.Count);
    }

    private static bool SignedBy(X509Certificate2? certificate, X509Certificate2 ca)
    {
        if (certificate is null)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        _serverCert.Dispose();
        _clientCert.Dispose();
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
