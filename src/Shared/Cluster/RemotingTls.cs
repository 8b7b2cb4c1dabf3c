using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Transport.DotNetty;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// Mutual TLS between ring members when <c>security.tls</c> is set: each member presents the
/// certificate its HTTPS endpoint serves, and accepts a peer only if the topology's CA signed the
/// peer's certificate (host names are not checked: members are reached by address as often as by name).
/// </summary>
internal static class RemotingTls
{
    public static DotNettySslSetup? Setup(SecurityConfig security)
    {
        if (!security.ServesTls)
        {
            return null;
        }
        using var pem = X509Certificate2.CreateFromPemFile(security.ServerCertFile!, security.ServerKeyFile);
        // Note: on Linux the TLS stack needs a key it can export; a PKCS#12 round trip gives one.
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var caFile = security.ClientCaFile ?? security.Client.CaFile;
        var ca = caFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(caFile);
        return new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false,
            (peer, _, _, errors, _) => ca is null ? errors == SslPolicyErrors.None : peer is not null && IsSignedBy(peer, ca));
    }

    private static bool IsSignedBy(X509Certificate2 peer, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }
}
