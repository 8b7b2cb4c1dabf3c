using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Tiers;

/// <summary>
/// The tree with security on, as one ConfigMap gives it to every process: HTTPS with client
/// certificates required (mTLS between tiers) and a bearer token on every endpoint but the probes.
/// Forwarding and drill-down must present both, and the ring's members replicate over mutual TLS; a caller without the token gets a counted 401.
/// </summary>
public sealed class SecuredTreeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("secured-tree-").FullName;
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("aggregator test ca");

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SecuredTree_TokenAndMutualTls_SeriesFlowToEveryMemberAndDrillDownAndStrangersGet401()
    {
        using var serverCert = TestCertificates.CreateSigned(_ca, "127.0.0.1", server: true);
        using var clientCert = TestCertificates.CreateSigned(_ca, "aggregator", server: false);
        TestCertificates.WritePem(serverCert, Path.Combine(_dir, "tls.crt"), Path.Combine(_dir, "tls.key"));
        TestCertificates.WritePem(clientCert, Path.Combine(_dir, "client.crt"), Path.Combine(_dir, "client.key"));
        TestCertificates.WritePem(_ca, Path.Combine(_dir, "ca.crt"));
        File.WriteAllText(Path.Combine(_dir, "token"), "s3cret\n");
        TierHosts.WriteJobLevelRules(_dir);
        int agg0 = FreeTcpPort.Next(), agg1 = FreeTcpPort.Next(), site = FreeTcpPort.Next();
        var topology = TierHosts.Load(_dir, $$"""
            aggregator {
              rings { global { replication-factor = 1, members = [agg-0, agg-1] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "https://127.0.0.1:{{agg0}}", cluster-port = {{FreeTcpPort.Next()}} }
                agg-1 { role = aggregator, ring = global, url = "https://127.0.0.1:{{agg1}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "https://127.0.0.1:{{site}}", rule-files = ["site.yml"] }
              }
              security {
                auth.bearer-token-file = token
                tls { cert-file = tls.crt, key-file = tls.key, client-ca-file = ca.crt }
                client {
                  auth.bearer-token-file = token
                  tls { ca-file = ca.crt, cert-file = client.crt, key-file = client.key }
                }
              }
            }
            """);
        var data = Path.Combine(_dir, "data");
        await using var a0 = await TierHosts.StartAsync(topology, "agg-0", data);
        await using var a1 = await TierHosts.StartAsync(topology, "agg-1", data);
        await using var dc1 = await TierHosts.StartAsync(topology, "dc1", data);
        using var http = Client(clientCert);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var jobs = Enumerable.Range(0, 8).Select(i => $"job{i}").ToList();
        await TierHosts.PushAsync(http, topology.FindNode("dc1")!.Url,
            [.. jobs.Select(job => TierHosts.Series(now, 1, "__name__", "http_requests_total", "job", job, "instance", "a"))]);

        var body = await TierHosts.PollAsync(http, $"https://127.0.0.1:{agg0}/federate?match[]=job:http_requests:sum", b => jobs.All(j => b.Contains($"job=\"{j}\"")));
        Assert.All(jobs, j => Assert.Contains($"job:http_requests:sum{{job=\"{j}\",site=\"dc1\",instance=\"\"}} 1", body));
        // Note: the members replicate over mutual TLS (remoting), so the other member holds every job too.
        var other = await TierHosts.PollAsync(http, $"https://127.0.0.1:{agg1}/federate?match[]=job:http_requests:sum", b => jobs.All(j => b.Contains($"job=\"{j}\"")));
        Assert.All(jobs, j => Assert.Contains($"job:http_requests:sum{{job=\"{j}\",site=\"dc1\",instance=\"\"}} 1", other));
        using (var complete = await http.GetAsync($"https://127.0.0.1:{agg1}/federate?match[]=job:http_requests:sum"))
        {
            Assert.False(complete.Headers.Contains("X-Aggregator-Partial"));
            var fannedOut = await complete.Content.ReadAsStringAsync();
            Assert.All(jobs, j => Assert.Contains($"job:http_requests:sum{{job=\"{j}\",site=\"dc1\",instance=\"\"}} 1", fannedOut));
        }

        var drill = await http.GetAsync($"https://127.0.0.1:{agg0}/sites/dc1/federate?match[]=http_requests_total");
        Assert.Equal(HttpStatusCode.OK, drill.StatusCode);
        Assert.Contains("http_requests_total{instance=\"a\",job=\"job3\",site=\"dc1\"} 1", await drill.Content.ReadAsStringAsync());

        using var stranger = Client(clientCert);
        var denied = await stranger.GetAsync($"https://127.0.0.1:{agg0}/federate?match[]=job:http_requests:sum");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync($"https://127.0.0.1:{agg0}/-/healthy")).StatusCode);
        var metrics = await http.GetStringAsync($"https://127.0.0.1:{agg0}/metrics");
        Assert.Contains("aggregator_http_unauthorized_total 1", metrics);
    }

    private HttpClient Client(X509Certificate2 clientCertificate) => TestCertificates.CreateClient(_ca, clientCertificate);
}
