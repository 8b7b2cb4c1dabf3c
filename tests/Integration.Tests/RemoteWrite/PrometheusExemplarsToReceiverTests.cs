using Aggregator.Shared.RemoteWrite;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Integration.Tests.RemoteWrite;

/// <summary>
/// A real Prometheus 2.42 with exemplar storage scrapes an OpenMetrics target whose counter carries an
/// exemplar and remote-writes with <c>send_exemplars: true</c>: our receiver (the one of a Node's push
/// ingestion and of a ring) keeps no exemplars, so it answers 400 naming them, counted with the reason
/// exemplars_unsupported, and never 204-and-drop.
/// </summary>
public class PrometheusExemplarsToReceiverTests
{
    private const string Exposition = """
        # TYPE orders counter
        orders_total{shop="a"} 42 # {trace_id="4bf92f3577b34da6"} 1
        # EOF

        """;

    [Fact]
    public async Task RealPrometheus_SendsExemplars_ReceiverAnswers400NamingThemAndCountsTheReason()
    {
        await using var target = await LoopbackHttpServer.StartAsync(ctx =>
        {
            ctx.Response.ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
            return ctx.Response.WriteAsync(Exposition);
        });
        await using var receiver = await RemoteWriteReceiverHost.StartAsync();
        var config = $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: shop
                static_configs:
                  - targets: ['{target.Url.Authority}']
            remote_write:
              - url: {receiver.WriteUrl}
                send_exemplars: true
                write_relabel_configs:
                  - source_labels: [__name__]
                    regex: orders_total
                    action: keep
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 30ms
                  max_backoff: 100ms
                metadata_config:
                  send: false
            """;
        await using var prom = await PrometheusServer.StartAsync(config, ["--enable-feature=exemplar-storage"]);

        bool refused = await PrometheusServer.EventuallyAsync(
            () => Task.FromResult(receiver.Metrics.Rejected(RemoteWriteErrorKind.ExemplarsUnsupported) > 0), TimeSpan.FromSeconds(60));

        Assert.True(refused, $"no exemplar refused ({receiver.RequestCount} requests, {receiver.Batches.Count} accepted):\n{prom.Log}");
        // Note: every accepted request held samples only; none carried an exemplar that was then dropped.
        Assert.All(receiver.Batches.SelectMany(b => b.Series), s => Assert.Equal(0, s.ExemplarCount));
        bool logged = await PrometheusServer.EventuallyAsync(
            () => Task.FromResult(prom.Log.Contains("send_exemplars: false", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        Assert.True(logged, "Prometheus did not log our 400 body:\n" + prom.Log);
    }
}
