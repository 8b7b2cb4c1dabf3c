using System.Security.Cryptography.X509Certificates;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Cluster;

/// <summary>Remoting between members with <c>security.tls</c>: mutual TLS, peers accepted only when the topology's CA signed them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RemotingTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ring-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Start_TwoMembersWithCertificatesOfTheTopologysCa_FormOneClusterAndReplicate()
    {
        using var ca = TestCertificates.CreateCa("ring ca");
        await using var ring = new TestRing(2, security: Security(ca, ca, "a"));

        var members = Enumerable.Range(0, 2).Select(ring.Start).ToList();
        await Task.WhenAll(members.Select(m => m.Ready)).WaitAsync(TimeSpan.FromSeconds(60));
        await TestRing.WaitUntilAsync(() => Akka.Cluster.Cluster.Get(members[0].System).State.Members.Count == 2, "both members are in the cluster");
        await TestRing.WriteUntilAcceptedAsync(members[0], TestRing.Batch(["dc1", "dc2", "dc3"], 5, members[0].NowMs));

        await TestRing.WaitUntilAsync(() => members[1].Store.SeriesCount == 15, "the second member holds every series");
    }

    [Fact]
    public async Task Start_MemberWithACertificateOfAnotherCa_IsNotLetIn()
    {
        using var ca = TestCertificates.CreateCa("ring ca");
        using var stranger = TestCertificates.CreateCa("stranger ca");
        await using var ring = new TestRing(2, security: Security(ca, ca, "a"));
        var first = ring.Start(0);
        await first.Ready.WaitAsync(TimeSpan.FromSeconds(60));

        var intruder = ring.StartWith(1, Security(stranger, ca, "b"));
        await Task.Delay(TimeSpan.FromSeconds(8));

        Assert.Single(Akka.Cluster.Cluster.Get(first.System).State.Members);
        Assert.False(intruder.IsUp);
    }

    private SecurityConfig Security(X509Certificate2 signer, X509Certificate2 trusted, string name)
    {
        using var cert = TestCertificates.CreateSigned(signer, "127.0.0.1", server: true);
        var certFile = Path.Combine(_dir, name + ".crt");
        var keyFile = Path.Combine(_dir, name + ".key");
        var caFile = Path.Combine(_dir, name + "-ca.crt");
        TestCertificates.WritePem(cert, certFile, keyFile);
        TestCertificates.WritePem(trusted, caFile);
        return new SecurityConfig { ServerCertFile = certFile, ServerKeyFile = keyFile, ClientCaFile = caFile };
    }
}
