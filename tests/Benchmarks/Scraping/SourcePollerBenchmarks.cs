using System.Net;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Synthetic;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Benchmarks.Scraping;

/// <summary>
/// One steady-state poll of a source as a Node makes it (HTTP on 127.0.0.1, decode, label merge, staleness,
/// store), against a server that answers every poll with the same protobuf <c>/federate</c> body taken once from a
/// <see cref="SyntheticPrometheus"/>: the server costs almost nothing, so time and allocations are the poller's.
/// Timestamps are the poll's (<c>honor_timestamps = false</c>), so every poll appends a new sample per series.
/// Run: <c>dotnet tests/Benchmarks/bin/Release/net10.0/Aggregator.Benchmarks.dll --filter '*SourcePoller*' --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class SourcePollerBenchmarks
{
    private WebApplication? _server;
    private SourcePoller? _poller;

    [Params(100_000)]
    public int Series { get; set; }

    // Note: synchronous on purpose; the in-process toolchain (`--inProcess`, for a loaded box where building the
    // generated project times out) does not await an async setup.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        int perInstance = new SyntheticSourceOptions { Instances = 1 }.SeriesCount;
        byte[] body;
        string contentType;
        await using (var source = await SyntheticPrometheus.StartAsync(new SyntheticSourceOptions { Instances = Math.Max(1, Series / perInstance) }))
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Url, "federate?match[]=" + Uri.EscapeDataString("{__name__=~\".+\"}")));
            request.Headers.TryAddWithoutValidation("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
            using var response = await http.SendAsync(request);
            body = await response.Content.ReadAsByteArrayAsync();
            contentType = response.Content.Headers.ContentType!.ToString();
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.MapGet("/federate", ctx =>
        {
            ctx.Response.ContentType = contentType;
            ctx.Response.ContentLength = body.Length;
            return ctx.Response.Body.WriteAsync(body).AsTask();
        });
        await _server.StartAsync();
        var url = new Uri(_server.Urls.First());
        var options = new ScrapeSourceOptions
        {
            Name = "site",
            Urls = [url],
            Match = ["{__name__=~\".+\"}"],
            HonorLabels = true,
            HonorTimestamps = false,
            Timeout = TimeSpan.FromSeconds(60),
            Interval = TimeSpan.FromSeconds(60),
        };
        _poller = new SourcePoller(options, new ExpositionScrapeDecoder(), new StoreScrapeSink(new SeriesStore(new SeriesStoreOptions())),
            TimeProvider.System, NullLogger.Instance);
        // Note: the first poll adds every series; the benchmark measures the polls after it.
        var first = await _poller.PollOnceAsync(CancellationToken.None);
        if (!first.Up)
        {
            throw new InvalidOperationException("poll failed: " + first.Error);
        }
    }

    private async Task CleanupAsync()
    {
        _poller?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Benchmark]
    public Task<PollReport> Poll() => _poller!.PollOnceAsync(CancellationToken.None);
}
