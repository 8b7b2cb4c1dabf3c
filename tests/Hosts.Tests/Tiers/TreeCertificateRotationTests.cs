using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Aggregator.Shared.Scraping;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Tiers;

/// <summary>
/// A site Node forwarding to a ring member over mutual TLS while every certificate of the tree is
/// renewed under it, by a new CA, as an operator rotates one: the CA bundle first gains the new CA, then
/// the server and client certificates are replaced, then the old CA is dropped. Writes go on, the
/// member takes the Node's renewed client certificate, and every sample the Node's rules produced arrives.
/// </summary>
public sealed class TreeCertificateRotationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tree-rotation-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RotateServerAndClientCertificatesToANewCa_WhileTheNodeForwards_WritesContinueAndEverySampleArrives()
    {
        using var oldCa = TestCertificates.CreateCa("old ca");
        using var newCa = TestCertificates.CreateCa("new ca");
        using var oldServer = TestCertificates.CreateSigned(oldCa, "127.0.0.1", server: true);
        using var oldClient = TestCertificates.CreateSigned(oldCa, "aggregator", server: false);
        using var newServer = TestCertificates.CreateSigned(newCa, "127.0.0.1", server: true);
        using var newClient = TestCertificates.CreateSigned(newCa, "aggregator", server: false);
        WriteCertificates(oldServer, oldClient, oldCa);
        TierHosts.WriteJobLevelRules(_dir);
        int agg = FreeTcpPort.Next(), site = FreeTcpPort.Next();
        var topology = TierHosts.Load(_dir, $$"""
            aggregator {
              rings { global { members = [agg-0] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "https://127.0.0.1:{{agg}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "https://127.0.0.1:{{site}}", rule-files = ["site.yml"] }
              }
              security {
                tls { cert-file = tls.crt, key-file = tls.key, client-ca-file = ca.crt }
                client.tls { ca-file = ca.crt, cert-file = client.crt, key-file = client.key }
              }
            }
            """);
        var data = Path.Combine(_dir, "data");
        await using var member = await TierHosts.StartAsync(topology, "agg-0", data);
        await using var node = await TierHosts.StartAsync(topology, "dc1", data);
        var nodeUrl = topology.FindNode("dc1")!.Url;
        var memberUrl = topology.FindNode("agg-0")!.Url;
        using var before = TestCertificates.CreateClient(oldCa, oldClient);
        await WriteForAsync(before, nodeUrl, TimeSpan.FromSeconds(3));
        Assert.True(await AcceptedAsync(before, memberUrl) > 0, "the member accepted samples before the rotation");

        // Note: the bundle gains the new CA before the certificates change, and loses the old one once every
        // process looked at the files again (at most a second later), as an operator rotates a CA.
        File.WriteAllText(Path.Combine(_dir, "ca.crt"), oldCa.ExportCertificatePem() + "\n" + newCa.ExportCertificatePem());
        WriteCertificates(newServer, newClient, ca: null);
        await WriteForAsync(before, nodeUrl, TimeSpan.FromSeconds(3));
        TestCertificates.WritePem(newCa, Path.Combine(_dir, "ca.crt"));

        // Note: a connection presenting a client certificate is reused for at most RotatedCertificateLifetime, so
        // by the end every connection the Node forwards on was opened with the new certificate, which the member
        // accepts only through the new CA.
        using var after = TestCertificates.CreateClient(newCa, newClient);
        await WriteForAsync(after, nodeUrl, FederateHttpHandler.RotatedCertificateLifetime + TimeSpan.FromSeconds(10));

        var (produced, accepted) = await SettledCountsAsync(after, nodeUrl, memberUrl);
        Assert.True(produced > 0, "the Node's rules produced samples");
        Assert.Equal(produced, accepted);
        var nodeMetrics = await after.GetStringAsync(new Uri(nodeUrl, "metrics"));
        Assert.DoesNotContain("aggregator_forward_retries_total{", nodeMetrics);
        Assert.DoesNotContain("aggregator_forward_dropped_batches_total{", nodeMetrics);
    }

    private void WriteCertificates(X509Certificate2 server, X509Certificate2 client, X509Certificate2? ca)
    {
        TestCertificates.WritePem(server, Path.Combine(_dir, "tls.crt"), Path.Combine(_dir, "tls.key"));
        TestCertificates.WritePem(client, Path.Combine(_dir, "client.crt"), Path.Combine(_dir, "client.key"));
        if (ca is not null)
        {
            TestCertificates.WritePem(ca, Path.Combine(_dir, "ca.crt"));
        }
    }

    /// <summary>Pushes raw series to the Node every 200 ms for <paramref name="duration"/>; each push must be accepted.</summary>
    private static async Task WriteForAsync(HttpClient http, Uri node, TimeSpan duration)
    {
        var end = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < end)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await TierHosts.PushAsync(http, node, [.. Enumerable.Range(0, 4)
                .Select(j => TierHosts.Series(now, now / 1000.0, "__name__", "http_requests_total", "job", $"job{j}", "instance", "a"))]);
            await Task.Delay(200);
        }
    }

    private static async Task<double> AcceptedAsync(HttpClient http, Uri member) =>
        Value(await http.GetStringAsync(new Uri(member, "metrics")), "aggregator_remote_write_accepted_samples_total");

    /// <summary>
    /// The samples the Node's rules produced and the member accepted, once the Node produced nothing between
    /// two reads around the member's (so the two are comparable): 60 s at most, then the last reads.
    /// </summary>
    private static async Task<(double Produced, double Accepted)> SettledCountsAsync(HttpClient http, Uri node, Uri member)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        (double, double) last = default;
        while (DateTime.UtcNow < deadline)
        {
            double produced = await ProducedAsync(http, node);
            double accepted = await AcceptedAsync(http, member);
            last = (produced, accepted);
            if (produced == accepted && produced == await ProducedAsync(http, node))
            {
                break;
            }
            await Task.Delay(50);
        }
        return last;
    }

    private static async Task<double> ProducedAsync(HttpClient http, Uri node) =>
        Value(await http.GetStringAsync(new Uri(node, "metrics")), "aggregator_rule_group_samples_total{rule_group=\"job-level\"}");

    /// <summary>The value of series <paramref name="series"/> (name and labels as exposed) in an exposition, or 0 when absent.</summary>
    private static double Value(string exposition, string series)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
    }
}
