using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Common;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port, answering every request with one delegate
/// (a fake Prometheus /federate, a fake target). Optional HTTPS with a given certificate, optionally
/// requiring a client certificate; a given port (to restart a stopped fake on its old address). Disposed by the test.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHttpServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:41234/ (no path).</summary>
    public Uri Url { get; }

    /// <summary>Starts a server that runs <paramref name="handler"/> for every request.</summary>
    public static async Task<LoopbackHttpServer> StartAsync(
        RequestDelegate handler,
        X509Certificate2? serverCertificate = null,
        bool requireClientCertificate = false,
        int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, port, listen =>
            {
                if (serverCertificate is not null)
                {
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = serverCertificate;
                        if (requireClientCertificate)
                        {
                            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                            // Note: tests check the client certificate themselves (HttpContext.Connection).
                            https.ClientCertificateValidation = (_, _, _) => true;
                        }
                    });
                }
            });
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Urls.First();
        return new LoopbackHttpServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
