using System.Security.Cryptography.X509Certificates;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Tiers;

/// <summary>
/// A ring of three real <c>Aggregator.dll</c> processes talking Akka remoting over mutual TLS, whose
/// certificate files are renewed under it (as cert-manager renews a Secret and the kubelet rewrites its
/// files): the ring keeps serving, and new associations present the renewed certificate without a restart
/// of the members that kept running.
/// </summary>
public sealed class RemotingCertificateRotationTests : IDisposable
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("remoting-rotation-").FullName;
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("ring ca");

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RenewCertificateFiles_UnderARunningTlsRing_RingKeepsServingAndNewAssociationsPresentTheRenewedCertificate()
    {
        using var first = TestCertificates.CreateMember(_ca, "127.0.0.1");
        using var renewed = TestCertificates.CreateMember(_ca, "127.0.0.1");
        using var client = TestCertificates.CreateSigned(_ca, "aggregator", server: false);
        TestCertificates.WritePem(first, Path.Combine(_dir, "tls.crt"), Path.Combine(_dir, "tls.key"));
        TestCertificates.WritePem(client, Path.Combine(_dir, "client.crt"), Path.Combine(_dir, "client.key"));
        TestCertificates.WritePem(_ca, Path.Combine(_dir, "ca.crt"));
        var members = new[] { "agg-0", "agg-1", "agg-2" };
        var urls = members.ToDictionary(m => m, _ => new Uri($"https://127.0.0.1:{FreeTcpPort.Next()}/"));
        var configPath = WriteTopology(members, urls);
        var data = Path.Combine(_dir, "data");
        using var http = TestCertificates.CreateClient(_ca, client);
        http.Timeout = TimeSpan.FromSeconds(10);

        var running = new Dictionary<string, OwnProcess>(StringComparer.Ordinal);
        try
        {
            foreach (var member in members)
            {
                running[member] = await OwnProcess.StartAsync(OwnProcess.Aggregator, configPath, member, null, data);
            }
            foreach (var member in members)
            {
                await running[member].WaitReadyAsync(new Uri(urls[member], "-/ready"), Ready, http);
            }
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await PushJobsAsync(http, urls["agg-0"], now, 0, 10);

            TestCertificates.WritePem(renewed, Path.Combine(_dir, "tls.crt"), Path.Combine(_dir, "tls.key"));
            // Note: agg-2 leaves and comes back, so the members that kept running open new associations to it.
            Assert.Equal(0, await running["agg-2"].TerminateAsync(TimeSpan.FromSeconds(30)));
            await running["agg-2"].DisposeAsync();
            await PushJobsAsync(http, urls["agg-1"], now, 10, 20);
            running["agg-2"] = await OwnProcess.StartAsync(OwnProcess.Aggregator, configPath, "agg-2", null, data);
            await running["agg-2"].WaitReadyAsync(new Uri(urls["agg-2"], "-/ready"), Ready, http);
            await PushJobsAsync(http, urls["agg-2"], now, 20, 30);

            foreach (var member in members)
            {
                // Note: no re-send: a member that has just joined gets the changes published before its pubsub
                // subscription reached the publishing member directly from the site's entity.
                var body = await TierHosts.PollAsync(http, $"{urls[member]}federate?match[]=job:x:sum", b => JobCount(b) == 30);
                Assert.True(JobCount(body) == 30, $"{member} serves {JobCount(body)} of 30 series:\n{body}\n{running[member].Log}");
            }
            long renewedNotAfter = new DateTimeOffset(renewed.NotAfter.ToUniversalTime()).ToUnixTimeSeconds();
            foreach (var member in members)
            {
                var metrics = await TierHosts.PollAsync(http, $"{urls[member]}metrics",
                    b => MetricsText.Value(b, "aggregator_remoting_certificate_not_after_seconds") == renewedNotAfter);
                Assert.Equal(renewedNotAfter, MetricsText.Value(metrics, "aggregator_remoting_certificate_not_after_seconds"));
            }
            // Note: the members that kept running changed certificates once, without a restart; agg-2 read the renewed one at start.
            foreach (var member in new[] { "agg-0", "agg-1" })
            {
                var metrics = await http.GetStringAsync($"{urls[member]}metrics");
                Assert.Equal(1, MetricsText.Value(metrics, "aggregator_remoting_certificate_changes_total"));
            }
        }
        finally
        {
            foreach (var process in running.Values)
            {
                await process.DisposeAsync();
            }
        }
    }

    private string WriteTopology(string[] members, Dictionary<string, Uri> urls)
    {
        var lines = string.Join("\n", members.Select(m =>
            $"    {m} {{ role = aggregator, ring = global, url = \"{urls[m].ToString().TrimEnd('/')}\", cluster-port = {FreeTcpPort.Next()} }}"));
        var text = $$"""
            aggregator {
              rings {
                global {
                  members = [{{string.Join(", ", members)}}]
                  akka.cluster {
                    split-brain-resolver.stable-after = 2s
                    failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s }
                  }
                }
              }
              nodes {
            {{lines}}
              }
              security {
                tls { cert-file = tls.crt, key-file = tls.key, client-ca-file = ca.crt }
                client.tls { ca-file = ca.crt, cert-file = client.crt, key-file = client.key }
              }
            }
            """;
        var path = Path.Combine(_dir, "topology.hocon");
        File.WriteAllText(path, text);
        TierHosts.Load(_dir, text);
        return path;
    }

    private static Task PushJobsAsync(HttpClient http, Uri member, long now, int from, int to) =>
        TierHosts.PushAsync(http, member, [.. Enumerable.Range(from, to - from)
            .Select(i => TierHosts.Series(now, i, "__name__", "job:x:sum", "job", $"j{i}", "site", "dc1"))]);

    private static int JobCount(string federate) =>
        federate.Split('\n').Count(l => l.StartsWith("job:x:sum{", StringComparison.Ordinal));
}
