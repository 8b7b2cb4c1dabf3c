using System.Net;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Shared.Synthetic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aggregator.Bench.SideBySide;

/// <summary>
/// The generated scrape targets of one run: one Kestrel app listening on one port per target, each port
/// serving its own <see cref="SyntheticWorkload"/> (job <c>api-K</c>, its instances as an <c>instance</c>
/// label) on <c>/metrics</c>, plus <c>bench_source_time_seconds</c>, a gauge whose value is the serve
/// time in seconds: once it reaches a global <c>/federate</c>, now minus its value is the freshness.
/// </summary>
internal sealed class SyntheticTargets : IAsyncDisposable
{
    public const string SourceTimeMetric = "bench_source_time_seconds";

    private readonly WebApplication _app;

    private SyntheticTargets(WebApplication app, IReadOnlyList<Uri> urls, int seriesCount)
    {
        _app = app;
        Urls = urls;
        SeriesCount = seriesCount;
    }

    /// <summary>One base URL per target.</summary>
    public IReadOnlyList<Uri> Urls { get; }

    /// <summary>Series the targets expose in total (what a site Prometheus ingests, before its <c>up</c> series).</summary>
    public int SeriesCount { get; }

    /// <summary>Starts <paramref name="targets"/> targets holding about <paramref name="totalSeries"/> series together.</summary>
    public static async Task<SyntheticTargets> StartAsync(int targets, int totalSeries, TimeProvider time)
    {
        int perInstance = new SyntheticSourceOptions { Instances = 1 }.SeriesCount;
        int instances = Math.Max(1, (int)Math.Round(totalSeries / (double)targets / perInstance));
        var workloads = Enumerable.Range(0, targets)
            .Select(k => new SyntheticWorkload(new SyntheticSourceOptions { Seed = k + 1, Job = $"api-{k}", Instances = instances }))
            .ToArray();
        var ports = Enumerable.Range(0, targets).Select(_ => FreePort()).ToArray();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (int port in ports)
            {
                k.Listen(IPAddress.Loopback, port);
            }
        });
        var app = builder.Build();
        app.MapGet("/metrics", ctx =>
        {
            int index = Array.IndexOf(ports, ctx.Connection.LocalPort);
            return index < 0 ? Task.CompletedTask : ServeAsync(ctx, workloads[index], time);
        });
        await app.StartAsync().ConfigureAwait(false);
        var urls = ports.Select(p => new Uri($"http://127.0.0.1:{p}/")).ToList();
        return new SyntheticTargets(app, urls, workloads.Sum(w => w.Options.SeriesCount + 1));
    }

    private static async Task ServeAsync(HttpContext ctx, SyntheticWorkload workload, TimeProvider time)
    {
        // Note: plain text without compression, so the targets spend as little of the shared CPU as they can.
        ctx.Response.ContentType = ContentNegotiation.TextContentType;
        var now = time.GetUtcNow();
        await using var writer = ExpositionWriter.Create(ctx.Response.Body, ExpositionFormat.Text);
        writer.BeginFamily(SourceTimeMetric, MetricType.Gauge, "When the target served this scrape (unix seconds).");
        writer.WriteSample(LabelSet.Of(Label.MetricName, SourceTimeMetric, "job", workload.Options.Job), now.ToUnixTimeMilliseconds() / 1000.0, null);
        writer.EndFamily();
        foreach (var family in workload.Snapshot(now))
        {
            writer.BeginFamily(family.Name, family.Type, family.Help);
            await WriteAllAsync(writer, family.Samples, ctx.RequestAborted).ConfigureAwait(false);
            await WriteAllAsync(writer, family.Sums, ctx.RequestAborted).ConfigureAwait(false);
            await WriteAllAsync(writer, family.Counts, ctx.RequestAborted).ConfigureAwait(false);
            writer.EndFamily();
        }
        await writer.CompleteAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async ValueTask WriteAllAsync(ExpositionWriter writer, IReadOnlyList<(LabelSet Labels, double Value)>? samples, CancellationToken cancellationToken)
    {
        if (samples is null)
        {
            return;
        }
        foreach (var (labels, value) in samples)
        {
            writer.WriteSample(labels, value, null);
            if (writer.ShouldFlush)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A port the OS reported free just now.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
