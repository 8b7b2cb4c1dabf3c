using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosts.Tests.Hosting;

public sealed class NodeHostTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("topology-tls-").FullName;
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("aggregator test ca");

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private HttpClient Client(int port, X509Certificate2? clientCertificate) =>
        TestCertificates.CreateClient(_ca, clientCertificate, new Uri($"https://127.0.0.1:{port}"));

    [Fact]
    public async Task Build_TlsWithClientCa_ServesHttpsAndRequiresAClientCertificate()
    {
        using var server = TestCertificates.CreateSigned(_ca, "127.0.0.1", server: true);
        using var client = TestCertificates.CreateSigned(_ca, "agg-0", server: false);
        TestCertificates.WritePem(server, Path.Combine(_dir, "tls.crt"), Path.Combine(_dir, "tls.key"));
        TestCertificates.WritePem(_ca, Path.Combine(_dir, "ca.crt"));
        int port = FreeTcpPort.Next();
        var text = $$"""
            aggregator {
              rings.global.members = [a]
              nodes.a { role = aggregator, ring = global, url = "https://127.0.0.1:{{port}}", cluster-port = {{FreeTcpPort.Next()}} }
              security.tls { cert-file = tls.crt, key-file = tls.key, client-ca-file = ca.crt }
            }
            """;
        var result = TopologyLoader.LoadText(text, Path.Combine(_dir, "t.hocon"), _dir, _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var topology = result.Topology!;
        var app = NodeHostBuilder.Build(new NodeContext(topology, topology.FindNode("a")!), new NodeHostOptions { Configure = b => b.Logging.ClearProviders() });
        await using (app)
        {
            await app.StartAsync();
            using (var mutual = Client(port, client))
            {
                Assert.Equal(HttpStatusCode.OK, await TierHosts.WaitReadyAsync(mutual, mutual.BaseAddress!));
            }
            using (var anonymous = Client(port, clientCertificate: null))
            {
                var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.GetAsync("/-/ready"));
                Assert.True(error.InnerException is AuthenticationException or IOException || error.HttpRequestError != HttpRequestError.Unknown, error.ToString());
            }
            await app.StopAsync();
        }
    }
}
