using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Prometheus;

public class PrometheusServerTests
{
    [Fact]
    public async Task StartAsync_SelfScrape_IsReadyAndStoresItsOwnUpSeries()
    {
        await using var prom = await PrometheusServer.StartAsync(PrometheusServer.SelfScrapeConfig);

        bool scraped = await PrometheusServer.EventuallyAsync(
            async () => (await prom.QueryAsync("up{job=\"prometheus\"} == 1")).GetArrayLength() == 1,
            TimeSpan.FromSeconds(30));

        Assert.True(scraped, "self-scrape never stored up==1:\n" + prom.Log);
    }

    [Fact]
    public async Task DisposeAsync_KillsProcessAndDeletesDirectory()
    {
        var prom = await PrometheusServer.StartAsync(PrometheusServer.SelfScrapeConfig);
        int pid = prom.ProcessId;
        string dir = prom.Directory;

        await prom.DisposeAsync();

        Assert.False(Directory.Exists(dir));
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }
}
