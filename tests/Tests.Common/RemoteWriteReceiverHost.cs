using Aggregator.Shared.RemoteWrite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Common;

/// <summary>
/// A remote-write receiver on real Kestrel (127.0.0.1, a free port) that keeps every batch and the
/// request headers, for tests of senders (our forwarder, a real Prometheus).
/// </summary>
public sealed class RemoteWriteReceiverHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<WriteBatch> _batches = [];
    private readonly List<IReadOnlyDictionary<string, string>> _headers = [];

    private RemoteWriteReceiverHost(WebApplication app, RemoteWriteReceiverMetrics metrics)
    {
        _app = app;
        Metrics = metrics;
    }

    /// <summary>The full URL of the write endpoint, e.g. http://127.0.0.1:41234/api/v1/write.</summary>
    public Uri WriteUrl { get; private set; } = null!;

    public RemoteWriteReceiverMetrics Metrics { get; }

    /// <summary>
    /// When set, decides the response per request before decoding: return a status code to answer
    /// with it (e.g. 503 to force retries), or null to receive normally.
    /// </summary>
    public Func<int, int?>? FailRequest { get; set; }

    /// <summary>Requests seen (including failed ones).</summary>
    public int RequestCount { get; private set; }

    public IReadOnlyList<WriteBatch> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>The headers of every request, in arrival order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Headers
    {
        get
        {
            lock (_batches)
            {
                return [.. _headers];
            }
        }
    }

    /// <summary>Starts a receiver on <paramref name="host"/> (any loopback address, 127.0.0.1 unless told) and <paramref name="port"/> (a free one when 0).</summary>
    public static async Task<RemoteWriteReceiverHost> StartAsync(string path = "/api/v1/write", RemoteWriteLimits? limits = null, int port = 0, string host = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{host}:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var metrics = new RemoteWriteReceiverMetrics();
        var receiver = new RemoteWriteReceiverHost(app, metrics);
        app.Use(async (context, next) =>
        {
            int n;
            lock (receiver._batches)
            {
                n = receiver.RequestCount++;
                receiver._headers.Add(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            }
            if (receiver.FailRequest?.Invoke(n) is int status)
            {
                context.Response.StatusCode = status;
                await context.Response.WriteAsync("injected failure " + status);
                return;
            }
            await next(context);
        });
        app.MapRemoteWrite(path, (batch, _) =>
        {
            lock (receiver._batches)
            {
                receiver._batches.Add(batch);
            }
            return ValueTask.CompletedTask;
        }, limits, metrics);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.WriteUrl = new Uri(new Uri(address), path);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
