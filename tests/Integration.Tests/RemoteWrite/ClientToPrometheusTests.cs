using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.RemoteWrite;

/// <summary>Our RemoteWriteClient writes into a real Prometheus 2.42 remote-write receiver.</summary>
public sealed class ClientToPrometheusTests : IAsyncLifetime
{
    private const string Config = """
        global:
          scrape_interval: 15s
        """;

    private PrometheusServer _prom = null!;
    private HttpClient _http = null!;
    private RemoteWriteClient _client = null!;

    public async Task InitializeAsync()
    {
        _prom = await PrometheusServer.StartAsync(Config, ["--web.enable-remote-write-receiver"]);
        _http = new HttpClient(RemoteWriteClient.CreateHandler(Shared.Scraping.ScrapeTlsOptions.Default)) { Timeout = Timeout.InfiniteTimeSpan };
        _client = new RemoteWriteClient(_http, new RemoteWriteClientOptions { Url = new Uri(_prom.BaseAddress, "api/v1/write"), MaxAttempts = 3 });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _prom.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_SeriesWithSamples_PrometheusStoresThemExactly()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long t1 = now - 20_000, t2 = now - 10_000;
        var series = new[]
        {
            new WriteSeries(LabelSet.Of("__name__", "aggregator_rw_test", "job", "forward", "site", "a", "zone", "ünï"), [new Sample(t1, 1.5), new Sample(t2, 42)]),
            new WriteSeries(LabelSet.Of("__name__", "aggregator_rw_test", "job", "forward", "site", "b"), [new Sample(t2, -7.25)]),
        };
        using var encoder = new RemoteWriteEncoder();

        var result = await _client.SendAsync(encoder.Encode(series));

        Assert.Equal(RemoteWriteOutcome.Sent, result.Outcome);
        Assert.Equal(204, result.StatusCode);
        var rows = await _prom.QueryAsync("aggregator_rw_test[1m]");
        var bySite = rows.EnumerateArray().ToDictionary(r => r.GetProperty("metric").GetProperty("site").GetString()!);
        Assert.Equal(2, bySite.Count);
        Assert.Equal("ünï", bySite["a"].GetProperty("metric").GetProperty("zone").GetString());
        var valuesA = bySite["a"].GetProperty("values").EnumerateArray()
            .Select(v => ((long)Math.Round(v[0].GetDouble() * 1000), v[1].GetString())).ToList();
        Assert.Equal([(t1, "1.5"), (t2, "42")], valuesA);
        Assert.Equal("-7.25", bySite["b"].GetProperty("values")[0][1].GetString());
    }

    [Fact]
    public async Task SendAsync_OutOfOrderSample_PrometheusAnswers400AndBatchIsDropped()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var labels = LabelSet.Of("__name__", "aggregator_rw_ooo", "job", "forward");
        using var encoder = new RemoteWriteEncoder();
        var first = await _client.SendAsync(encoder.Encode([new WriteSeries(labels, [new Sample(now - 1_000, 1)])]));

        var second = await _client.SendAsync(encoder.Encode([new WriteSeries(labels, [new Sample(now - 60_000, 2)])]));

        Assert.Equal(RemoteWriteOutcome.Sent, first.Outcome);
        Assert.Equal(RemoteWriteOutcome.Dropped, second.Outcome);
        Assert.Equal(400, second.StatusCode);
        Assert.Contains("out of order", second.Error);
        Assert.Equal(1, _client.Metrics.DroppedBatches);
    }
}
