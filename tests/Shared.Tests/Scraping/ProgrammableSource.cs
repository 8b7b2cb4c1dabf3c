using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>A fake Prometheus on loopback whose answer the test changes between polls.</summary>
internal sealed class ProgrammableSource : IAsyncDisposable
{
    private LoopbackHttpServer? _server;
    private volatile Func<HttpContext, Task> _behavior = _ => Task.CompletedTask;
    private int _requests;

    public Uri Url => _server!.Url;

    public int Requests => Volatile.Read(ref _requests);

    public static Task<ProgrammableSource> StartAsync(string body) => StartAsyncOn(null, body);

    /// <summary>Starts on <paramref name="url"/>'s port (a restarted replica) or a free one.</summary>
    public static async Task<ProgrammableSource> StartAsyncOn(Uri? url, string body)
    {
        var source = new ProgrammableSource();
        source.Answer(body);
        source._server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            Interlocked.Increment(ref source._requests);
            return source._behavior(ctx);
        }, port: url?.Port ?? 0);
        return source;
    }

    public void Answer(string body) => _behavior = ctx =>
    {
        ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        return ctx.Response.WriteAsync(body);
    };

    public void Behave(Func<HttpContext, Task> behavior) => _behavior = behavior;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
