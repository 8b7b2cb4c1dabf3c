using System.Net;
using System.Security.Cryptography.X509Certificates;
using Aggregator.Shared.Http;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Aggregator.Shared.Hosting;

/// <summary>Binds Kestrel to a node's listen URL, with TLS (and client certificates) when configured.</summary>
internal static class KestrelListen
{
    public static void Configure(KestrelServerOptions kestrel, Uri listen, SecurityConfig security)
    {
        kestrel.AddServerHeader = false;
        var https = security.ServesTls ? HttpsOptions(security) : null;
        Action<ListenOptions> configure = options =>
        {
            if (https is not null)
            {
                options.UseHttps(https);
            }
        };
        int port = listen.Port;
        if (listen.Host == "localhost")
        {
            kestrel.ListenLocalhost(port, configure);
        }
        else if (IPAddress.TryParse(listen.DnsSafeHost, out var address))
        {
            kestrel.Listen(address, port, configure);
        }
        else
        {
            // Note: a host name (a Service or pod name) cannot be bound; listen on every interface at its port.
            kestrel.ListenAnyIP(port, configure);
        }
    }

    private static HttpsConnectionAdapterOptions HttpsOptions(SecurityConfig security)
    {
        var serverCertificate = ReloadingCertificate.WithKey(security.ServerCertFile!, security.ServerKeyFile!);
        _ = serverCertificate.Current;
        // Note: a selector (instead of a fixed certificate) serves a renewed certificate without a restart.
        var options = new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, _) => serverCertificate.Current };
        if (security.ClientCaFile is { } caFile)
        {
            var ca = ReloadingCertificate.Bundle(caFile);
            _ = ca.Current;
            options.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            options.ClientCertificateValidation = (client, _, _) => IsSignedBy(client, ca.Current);
        }
        return options;
    }

    private static bool IsSignedBy(X509Certificate2 client, X509Certificate2Collection ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(client);
    }
}
