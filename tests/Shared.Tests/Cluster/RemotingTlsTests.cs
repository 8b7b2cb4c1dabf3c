using System.Security.Cryptography.X509Certificates;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

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

    [Fact]
    public async Task Setup_MemberCertificateFilesRenewed_NextConnectionPresentsTheRenewedCertificateAndCountsTheChange()
    {
        using var ca = TestCertificates.CreateCa("ring ca");
        using var first = TestCertificates.CreateMember(ca, "127.0.0.1");
        using var renewed = TestCertificates.CreateMember(ca, "127.0.0.1");
        var security = Security(ca, ca, "m", first);
        var metrics = new MetricsRegistry();
        var setup = RemotingTls.Setup(security, metrics, NullLogger.Instance)!;
        Assert.Equal(first.Thumbprint, setup.Certificate.Thumbprint);

        TestCertificates.WritePem(renewed, security.ServerCertFile!, security.ServerKeyFile);

        // Note: the files are looked at once a second at most; each read of the setup is what a new connection does.
        await TestRing.WaitUntilAsync(() => setup.Certificate.Thumbprint == renewed.Thumbprint, "a new connection presents the renewed certificate");
        Assert.Equal(1, Changes(metrics));
        Assert.Equal(new DateTimeOffset(renewed.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), NotAfter(metrics));
    }

    [Fact]
    public async Task Setup_ServerOnlyCertificateRenewed_KeepsPresentingTheCertificateReadAtStart()
    {
        using var ca = TestCertificates.CreateCa("ring ca");
        using var first = TestCertificates.CreateSigned(ca, "127.0.0.1", server: true);
        using var renewed = TestCertificates.CreateSigned(ca, "127.0.0.1", server: true);
        var security = Security(ca, ca, "s", first);
        var setup = RemotingTls.Setup(security, new MetricsRegistry(), NullLogger.Instance)!;

        TestCertificates.WritePem(renewed, security.ServerCertFile!, security.ServerKeyFile);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal(first.Thumbprint, setup.Certificate.Thumbprint);
    }

    [Fact]
    public async Task Start_TwoMembersWithServerAuthOnlyCertificates_FormOneClusterAndReplicate()
    {
        using var ca = TestCertificates.CreateCa("ring ca");
        using var a = TestCertificates.CreateSigned(ca, "127.0.0.1", server: true);
        using var b = TestCertificates.CreateSigned(ca, "127.0.0.1", server: true);
        await using var ring = new TestRing(2, security: Security(ca, ca, "a", a));
        var first = ring.Start(0);
        var second = ring.StartWith(1, Security(ca, ca, "b", b));

        await Task.WhenAll(first.Ready, second.Ready).WaitAsync(TimeSpan.FromSeconds(60));
        await TestRing.WaitUntilAsync(() => Akka.Cluster.Cluster.Get(first.System).State.Members.Count == 2, "both members are in the cluster");
        await TestRing.WriteUntilAcceptedAsync(first, TestRing.Batch(["dc1", "dc2"], 5, first.NowMs));

        await TestRing.WaitUntilAsync(() => second.Store.SeriesCount == 10, "the second member holds every series");
    }

    /// <summary>
    /// Why a serverAuth-only certificate cannot be rotated: under mutual TLS, the only way Akka takes a
    /// certificate per connection (a source) refuses it. Should a later Akka accept it, this fails, and
    /// <see cref="RemotingTls"/> can hand such a certificate through its source too.
    /// </summary>
    [Fact]
    public void FromSource_ServerAuthOnlyCertificateUnderMutualTls_AkkaRefusesItForWantOfClientAuthentication()
    {
        using var ca = TestCertificates.CreateCa("ring ca");
        using var serverOnly = TestCertificates.CreateSigned(ca, "127.0.0.1", server: true);
        using var both = TestCertificates.CreateMember(ca, "127.0.0.1");
        var refusing = Akka.Remote.Transport.DotNetty.DotNettySslSetup.FromSource(Akka.IO.TlsCertificateSource.FromCallback(() => serverOnly),
            suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, (_, _, _, _, _) => true);
        var accepting = Akka.Remote.Transport.DotNetty.DotNettySslSetup.FromSource(Akka.IO.TlsCertificateSource.FromCallback(() => both),
            suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, (_, _, _, _, _) => true);

        var error = Assert.ThrowsAny<InvalidOperationException>(() => refusing.Certificate);

        Assert.Contains("cannot be used as a client and server: its enhanced key usage does not permit client authentication", error.Message);
        Assert.Equal(both.Thumbprint, accepting.Certificate.Thumbprint);
    }

    [Fact]
    public void AllowsClientAndServer_ByExtendedKeyUsage_OnlyWhenBothOrNoneAreListed()
    {
        using var ca = TestCertificates.CreateCa("ring ca");
        using var member = TestCertificates.CreateMember(ca, "m");
        using var server = TestCertificates.CreateSigned(ca, "s", server: true);
        using var client = TestCertificates.CreateSigned(ca, "c", server: false);

        Assert.True(RemotingTls.AllowsClientAndServer(member));
        Assert.True(RemotingTls.AllowsClientAndServer(ca));
        Assert.False(RemotingTls.AllowsClientAndServer(server));
        Assert.False(RemotingTls.AllowsClientAndServer(client));
    }

    private static double Changes(MetricsRegistry metrics) =>
        metrics.Counter("aggregator_remoting_certificate_changes_total", "").WithLabels().Value;

    private static double NotAfter(MetricsRegistry metrics) =>
        metrics.Gauge("aggregator_remoting_certificate_not_after_seconds", "").WithLabels().Value;

    private SecurityConfig Security(X509Certificate2 signer, X509Certificate2 trusted, string name, X509Certificate2? certificate = null)
    {
        using var created = certificate is null ? TestCertificates.CreateMember(signer, "127.0.0.1") : null;
        var cert = certificate ?? created!;
        var certFile = Path.Combine(_dir, name + ".crt");
        var keyFile = Path.Combine(_dir, name + ".key");
        var caFile = Path.Combine(_dir, name + "-ca.crt");
        TestCertificates.WritePem(cert, certFile, keyFile);
        TestCertificates.WritePem(trusted, caFile);
        return new SecurityConfig { ServerCertFile = certFile, ServerKeyFile = keyFile, ClientCaFile = caFile };
    }
}
