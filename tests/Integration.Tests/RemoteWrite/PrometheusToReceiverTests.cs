using System.Globalization;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.RemoteWrite;

/// <summary>A real Prometheus 2.42 remote-writes into our receiver hosted on Kestrel.</summary>
public class PrometheusToReceiverTests
{
    [Fact]
    public async Task RealPrometheus_RemoteWritesSelfScrape_ReceiverStoresItsSeriesAndMetadata()
    {
        await using var receiver = await RemoteWriteReceiverHost.StartAsync();
        var config = PrometheusServer.SelfScrapeConfig + $"""

            remote_write:
              - url: {receiver.WriteUrl}
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 30ms
                  max_backoff: 100ms
                metadata_config:
                  send_interval: 1s
            """;
        await using var prom = await PrometheusServer.StartAsync(config);
        var expected = LabelSet.Of("__name__", "up", "job", "prometheus", "instance", "127.0.0.1:" + prom.Port.ToString(CultureInfo.InvariantCulture));

        bool seen = await PrometheusServer.EventuallyAsync(() => Task.FromResult(
            receiver.Batches.SelectMany(b => b.Series).Any(s => s.Labels.Equals(expected) && s.Samples.Any(x => x.Value == 1))
            && receiver.Batches.SelectMany(b => b.Metadata).Any(m => m.MetricFamilyName == "prometheus_build_info")),
            TimeSpan.FromSeconds(60));

        Assert.True(seen, $"no up series/metadata received ({receiver.Batches.Count} batches, {receiver.Metrics.RejectedTotal} rejected):\n{prom.Log}");
        Assert.Equal(0, receiver.Metrics.RejectedTotal);
        var headers = receiver.Headers[0];
        Assert.Equal(RemoteWriteHeaders.ContentEncoding, headers["Content-Encoding"]);
        Assert.Equal(RemoteWriteHeaders.ContentType, headers["Content-Type"]);
        Assert.Equal(RemoteWriteHeaders.Version, headers[RemoteWriteHeaders.VersionHeader]);
        Assert.StartsWith("Prometheus/2.42", headers["User-Agent"]);
        var build = receiver.Batches.SelectMany(b => b.Series).First(s => s.Labels.MetricName == "prometheus_build_info");
        Assert.StartsWith("2.42.0", build.Labels.Get("version"));
    }
}
