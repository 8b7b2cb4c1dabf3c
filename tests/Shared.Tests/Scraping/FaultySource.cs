using System.Text;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>
/// A fake Prometheus on one fixed URL that the test makes fail in each <see cref="SourceFault"/> way and then
/// heals. Faults assume the poller's timeout is short, its body limit between 1000 bytes and 10 kB, and its
/// sample limit below the healthy body's sample count plus one.
/// </summary>
internal sealed class FaultySource : IAsyncDisposable
{
    /// <summary>The first line of a truncated answer (the rest never arrives).</summary>
    public const string TruncatedStart = "http_requests_total{code=\"200\"} 1 1\n";

    private readonly string _healthy;
    private ProgrammableSource? _source;
    private TruncatingHttpServer? _truncating;

    private FaultySource(ProgrammableSource source, string healthy)
    {
        _source = source;
        _healthy = healthy;
        Url = source.Url;
    }

    public Uri Url { get; }

    public static async Task<FaultySource> StartAsync(string healthy) =>
        new(await ProgrammableSource.StartAsync(healthy), healthy);

    public async Task InjectAsync(SourceFault fault)
    {
        var source = _source!;
        switch (fault)
        {
            case SourceFault.Status500:
                source.Behave(ctx =>
                {
                    ctx.Response.StatusCode = 500;
                    return Task.CompletedTask;
                });
                break;
            case SourceFault.Garbage:
                source.Answer("\u0001\u0002 not { exposition\n");
                break;
            case SourceFault.Truncated:
                // Note: a raw server on the same port promises 1000 bytes (below the body limit) and closes in
                // order after one line; a Kestrel abort sends a reset, which may beat the headers to the client.
                await StopAsync();
                _truncating = TruncatingHttpServer.Start(TruncatedStart, promisedLength: 1000, port: Url.Port);
                break;
            case SourceFault.Timeout:
                source.Behave(ctx => Task.Delay(Timeout.Infinite, ctx.RequestAborted));
                break;
            case SourceFault.BodyTooLarge:
                source.Answer(new StringBuilder().Insert(0, "x_total 1\n", 1000).ToString());
                break;
            case SourceFault.TooManySamples:
                source.Answer(_healthy + "http_requests_total{code=\"404\"} 1 1000\n");
                break;
            case SourceFault.Down:
                await StopAsync();
                break;
        }
    }

    /// <summary>Answers the healthy body again, on the same URL.</summary>
    public async Task HealAsync()
    {
        if (_truncating is not null)
        {
            await _truncating.DisposeAsync();
            _truncating = null;
        }
        if (_source is null)
        {
            _source = await ProgrammableSource.StartAsyncOn(Url, _healthy);
        }
        else
        {
            _source.Answer(_healthy);
        }
    }

    private async Task StopAsync()
    {
        await _source!.DisposeAsync();
        _source = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_truncating is not null)
        {
            await _truncating.DisposeAsync();
        }
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }
}
