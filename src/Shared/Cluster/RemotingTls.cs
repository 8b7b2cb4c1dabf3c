using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.IO;
using Akka.Remote.Transport.DotNetty;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Http;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// Mutual TLS between ring members when <c>security.tls</c> is set: each member presents the
/// certificate its HTTPS endpoint serves, and accepts a peer only if the topology's CA signed the
/// peer's certificate (host names are not checked: members are reached by address as often as by name).
/// Both are read again when their files change: Akka asks for the certificate each time it builds a
/// connection, so new associations use a renewed certificate while open ones keep theirs.
/// Note: Akka asks for a certificate per connection only through a <see cref="TlsCertificateSource"/>, and
/// under mutual TLS (ours) a source hands out one certificate for both directions of every connection
/// (its internal role ClientAndServer, in 1.5.75): it refuses, for inbound and outbound connections alike,
/// a certificate whose extended key usage lacks clientAuth or serverAuth ("its enhanced key usage does not
/// permit client authentication") and keeps its previous pick or fails the connection; no setting chooses
/// another role. Only the fixed-certificate setup skips that check, and Akka reads it once. So a
/// serverAuth-only certificate is presented as read at start, with a warning: rotating it needs a restart.
/// </summary>
internal static partial class RemotingTls
{
    public static DotNettySslSetup? Setup(SecurityConfig security, MetricsRegistry metrics, ILogger logger)
    {
        if (!security.ServesTls)
        {
            return null;
        }
        var certificate = ReloadingCertificate.WithKey(security.ServerCertFile!, security.ServerKeyFile!);
        var caFile = security.ClientCaFile ?? security.Client.CaFile;
        var ca = caFile is null ? null : ReloadingCertificate.Bundle(caFile);
        CertificateValidationCallback validate = (peer, _, _, errors, _) =>
            ca is null ? errors == SslPolicyErrors.None : peer is not null && IsSignedBy(peer, ca.Current);
        var first = certificate.Current;
        if (!AllowsClientAndServer(first))
        {
            LogCertificateFixed(logger, security.ServerCertFile!);
            return new DotNettySslSetup(first, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, validate);
        }
        var presented = new PresentedCertificate(metrics, logger);
        var source = TlsCertificateSource.FromCallback(() => presented.Hand(certificate.Current));
        return DotNettySslSetup.FromSource(source, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, validate);
    }

    /// <summary>No extended key usage (any use), or one listing both server and client authentication.</summary>
    internal static bool AllowsClientAndServer(X509Certificate2 certificate)
    {
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (usage is null)
        {
            return true;
        }
        var oids = usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        return oids.Contains(AnyUsage) || (oids.Contains(ServerAuthentication) && oids.Contains(ClientAuthentication));
    }

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string AnyUsage = "2.5.29.37.0";

    private static bool IsSignedBy(X509Certificate2 peer, X509Certificate2Collection cas)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }

    /// <summary>
    /// The certificate last handed to a remoting connection: its expiry on <c>/metrics</c> (for alerts)
    /// and a counted, logged change when a renewed one is first handed out.
    /// </summary>
    private sealed class PresentedCertificate
    {
        private readonly Gauge _notAfter;
        private readonly Counter _changes;
        private readonly ILogger _logger;
        private string? _thumbprint;

        public PresentedCertificate(MetricsRegistry metrics, ILogger logger)
        {
            _notAfter = metrics.Gauge("aggregator_remoting_certificate_not_after_seconds",
                "Expiry (Unix seconds) of the certificate this ring member last presented on a remoting (Akka) connection.");
            _changes = metrics.Counter("aggregator_remoting_certificate_changes_total",
                "Times this ring member started presenting a renewed remoting certificate (its files changed) without a restart.");
            _logger = logger;
        }

        public X509Certificate2 Hand(X509Certificate2 certificate)
        {
            var thumbprint = certificate.Thumbprint;
            if (Interlocked.Exchange(ref _thumbprint, thumbprint) is { } previous && previous != thumbprint)
            {
                _changes.Inc();
                LogCertificateChanged(_logger, previous, thumbprint, certificate.NotAfter.ToUniversalTime());
            }
            _notAfter.Set(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds());
            return certificate;
        }
    }

    [LoggerMessage(EventId = EventIds.RemotingCertificateFixed, Level = LogLevel.Warning,
        Message = "Remoting certificate {CertFile} does not permit both server and client authentication (extended key usage): Akka hands a renewed certificate to its connections only when it permits both, so this member presents the certificate as read at start and renewing it needs a restart; issue it with both (cert-manager: usages [digital signature, key encipherment, server auth, client auth]) to rotate it without one")]
    private static partial void LogCertificateFixed(ILogger logger, string certFile);

    [LoggerMessage(EventId = EventIds.RemotingCertificateChanged, Level = LogLevel.Information,
        Message = "Remoting presents a renewed certificate {Thumbprint} (was {Previous}, expires {NotAfter:o}) on new connections; open ones keep theirs")]
    private static partial void LogCertificateChanged(ILogger logger, string previous, string thumbprint, DateTime notAfter);
}
