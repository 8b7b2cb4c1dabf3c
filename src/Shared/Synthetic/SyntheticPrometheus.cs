using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Synthetic;

/// <summary>
/// A built-in Prometheus-like source on 127.0.0.1 for the demo, tests and benchmarks, serving a
/// <see cref="SyntheticWorkload"/>: <c>/metrics</c> as a scrape target (typed families with HELP, no
/// timestamps) and <c>/federate?match[]=...</c> as Prometheus's federation endpoint does (only the series
/// some selector matches, every family untyped, timestamps, families and series in label order;
/// protobuf, text and gzip by negotiation).
/// </summary>
public sealed class SyntheticPrometheus : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SyntheticPrometheus(WebApplication app, Uri url, SyntheticWorkload workload)
    {
        _app = app;
        Url = url;
        Workload = workload;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    public SyntheticWorkload Workload { get; }

    /// <summary>Starts serving on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<SyntheticPrometheus> StartAsync(SyntheticSourceOptions options, TimeProvider? time = null, int port = 0, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var workload = new SyntheticWorkload(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Note: an embedded source must not take Ctrl-C from the program that runs it (the demo stops it in order).
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, Demo.DemoHostLifetime>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/metrics", ctx => ServeMetricsAsync(ctx, workload, time));
        app.MapGet("/federate", ctx => ServeFederateAsync(ctx, workload, time));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new SyntheticPrometheus(app, new Uri(app.Urls.First()), workload);
    }

    private static async Task ServeMetricsAsync(HttpContext ctx, SyntheticWorkload workload, TimeProvider time)
    {
        var negotiated = ContentNegotiation.Negotiate(ctx.Request.Headers.Accept, ctx.Request.Headers.AcceptEncoding);
        Prepare(ctx, negotiated);
        await using var writer = ExpositionWriter.Create(ctx.Response.Body, negotiated);
        foreach (var family in workload.Snapshot(time.GetUtcNow()))
        {
            writer.BeginFamily(family.Name, family.Type, family.Help);
            WriteAll(writer, family.Samples, null);
            WriteAll(writer, family.Sums, null);
            WriteAll(writer, family.Counts, null);
            writer.EndFamily();
        }
        await writer.CompleteAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ServeFederateAsync(HttpContext ctx, SyntheticWorkload workload, TimeProvider time)
    {
        var selectors = new List<IReadOnlyList<LabelMatcher>>();
        foreach (var match in ctx.Request.Query["match[]"])
        {
            try
            {
                selectors.Add(PromQlParser.ParseMetricSelector(match ?? string.Empty));
            }
            catch (PromQlParseException e)
            {
                ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
                await ctx.Response.WriteAsync(e.Message + "\n", ctx.RequestAborted).ConfigureAwait(false);
                return;
            }
        }
        var now = time.GetUtcNow();
        var negotiated = ContentNegotiation.Negotiate(ctx.Request.Headers.Accept, ctx.Request.Headers.AcceptEncoding);
        Prepare(ctx, negotiated);
        await using var writer = ExpositionWriter.Create(ctx.Response.Body, negotiated);
        var selected = new SortedDictionary<string, List<(LabelSet Labels, double Value)>>(StringComparer.Ordinal);
        foreach (var family in workload.Snapshot(now))
        {
            Select(family.Samples, selectors, selected);
            Select(family.Sums, selectors, selected);
            Select(family.Counts, selectors, selected);
        }
        long timestampMs = now.ToUnixTimeMilliseconds();
        foreach (var (name, samples) in selected)
        {
            samples.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
            writer.BeginFamily(name, MetricType.Untyped);
            WriteAll(writer, samples, timestampMs);
            writer.EndFamily();
            if (writer.ShouldFlush)
            {
                await writer.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
            }
        }
        await writer.CompleteAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    private static void Prepare(HttpContext ctx, NegotiatedFormat negotiated)
    {
        ctx.Response.ContentType = ContentNegotiation.ContentTypeOf(negotiated.Format);
        if (negotiated.Encoding != ContentEncoding.Identity)
        {
            ctx.Response.Headers.ContentEncoding = negotiated.Encoding == ContentEncoding.Gzip ? "gzip" : "deflate";
        }
    }

    private static void Select(IReadOnlyList<(LabelSet Labels, double Value)>? samples, List<IReadOnlyList<LabelMatcher>> selectors,
        SortedDictionary<string, List<(LabelSet, double)>> selected)
    {
        if (samples is null)
        {
            return;
        }
        foreach (var sample in samples)
        {
            if (selectors.Any(matchers => matchers.All(m => m.Matches(sample.Labels))))
            {
                var name = sample.Labels.MetricName;
                if (!selected.TryGetValue(name, out var list))
                {
                    selected[name] = list = [];
                }
                list.Add(sample);
            }
        }
    }

    private static void WriteAll(ExpositionWriter writer, IReadOnlyList<(LabelSet Labels, double Value)>? samples, long? timestampMs)
    {
        if (samples is null)
        {
            return;
        }
        foreach (var (labels, value) in samples)
        {
            writer.WriteSample(labels, value, timestampMs);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
