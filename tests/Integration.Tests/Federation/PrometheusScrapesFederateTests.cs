using System.Globalization;
using System.Text.Json;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Integration.Tests.Federation;

/// <summary>
/// A real Prometheus 2.42 scrapes our /federate (in-process Kestrel over a SeriesStore) with
/// <c>honor_labels: true</c> and must store exactly our series: labels (external site label added,
/// <c>instance=""</c> dropped, the scrape job added where missing), values and timestamps.
/// </summary>
public class PrometheusScrapesFederateTests
{
    [Fact]
    public async Task RealPrometheus_ScrapesFederateWithHonorLabels_StoresIdenticalSeries()
    {
        long t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2000;
        var store = new SeriesStore();
        var series = new List<(LabelSet Labels, double Value)>
        {
            (LabelSet.Of("__name__", "job:http_requests:rate5m", "job", "api"), 12.5),
            (LabelSet.Of("__name__", "job:http_requests:rate5m", "job", "web"), 0),
            (LabelSet.Of("__name__", "app_requests_total", "job", "app", "instance", "host-1:9100", "code", "200"), 1027),
            (LabelSet.Of("__name__", "app_requests_total", "job", "app", "instance", "host-1:9100", "code", "500"), 3),
            (LabelSet.Of("__name__", "app_escape", "path", "a\"b\\c\nd", "unicode", "zürich ☃"), 1),
            (LabelSet.Of("__name__", "app_upper", "Zlabel", "1", "alpha", "2"), 7),
            (LabelSet.Of("__name__", "app_small"), 1.5e-07),
            (LabelSet.Of("__name__", "app_big"), 1e+21),
            (LabelSet.Of("__name__", "app_inf"), double.PositiveInfinity),
            (LabelSet.Of("__name__", "app_neginf"), double.NegativeInfinity),
            (LabelSet.Of("__name__", "app_nan"), double.NaN),
            (LabelSet.Of("__name__", "app_site_collide", "site", "other"), 5),
        };
        foreach (var (labels, value) in series)
        {
            store.Append(labels, new Sample(t, value));
        }
        var stale = LabelSet.Of("__name__", "app_gone");
        store.Append(stale, new Sample(t - 1000, 1));
        store.MarkStale(stale, t);

        int port = FreeTcpPort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.MapFederate(new SeriesStoreFederationSource(store), new FederationOptions { ExternalLabels = [new Label("site", "dc1")] });
        await app.StartAsync();

        var config = $$"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: fed
                honor_labels: true
                metrics_path: /federate
                params:
                  'match[]': ['{__name__=~".+"}']
                static_configs:
                  - targets: ['127.0.0.1:{{port}}']
            """;
        await using var prom = await PrometheusServer.StartAsync(config);
        var expected = series.ToDictionary(s => Expected(s.Labels).ToString(), s => (s.Value, t));
        Dictionary<string, (double Value, long Timestamp)> stored = [];
        bool complete = await PrometheusServer.EventuallyAsync(async () =>
        {
            stored = Stored(await prom.QueryAsync("{job=~\".+\",__name__!~\"up|scrape_.+\"}[10m]"));
            return stored.Count >= expected.Count;
        }, TimeSpan.FromSeconds(60));

        Assert.True(complete, $"Prometheus stored {stored.Count} of {expected.Count} series:\n{prom.Log}");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, (value, ts)) in expected)
        {
            Assert.Equal(ts, stored[key].Timestamp);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.IsNaN(value) ? double.NaN : value), BitConverter.DoubleToInt64Bits(double.IsNaN(stored[key].Value) ? double.NaN : stored[key].Value));
        }
        var up = await prom.QueryAsync("up{job=\"fed\"}");
        Assert.Equal("1", up[0].GetProperty("value")[1].GetString());
    }

    // Note: honor_labels keeps our labels, adds the scrape job where missing, and drops empty values
    // (our instance=""); the site external label is added unless the series has its own.
    private static LabelSet Expected(LabelSet ours)
    {
        var labels = ours;
        if (!labels.Has("site"))
        {
            labels = labels.With("site", "dc1");
        }
        if (!labels.Has("job"))
        {
            labels = labels.With("job", "fed");
        }
        if (!labels.Has("instance"))
        {
            labels = labels.With("instance", string.Empty);
        }
        return labels;
    }

    private static Dictionary<string, (double, long)> Stored(JsonElement matrix)
    {
        var result = new Dictionary<string, (double, long)>();
        foreach (var item in matrix.EnumerateArray())
        {
            var labels = new List<Label>();
            foreach (var p in item.GetProperty("metric").EnumerateObject())
            {
                labels.Add(new Label(p.Name, p.Value.GetString()!));
            }
            var last = item.GetProperty("values").EnumerateArray().Last();
            long ts = (long)Math.Round(last[0].GetDouble() * 1000);
            double value = last[1].GetString() switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var s => double.Parse(s!, CultureInfo.InvariantCulture),
            };
            result[LabelSet.From(labels).ToString()] = (value, ts);
        }
        return result;
    }
}
