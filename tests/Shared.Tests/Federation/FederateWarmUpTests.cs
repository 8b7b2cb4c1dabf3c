using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;
using Aggregator.Shared.Tests.Storage;

namespace Aggregator.Shared.Tests.Federation;

/// <summary>
/// <see cref="FederateWarmUp"/>: the start-up render really runs the request path in every format it warms (a render
/// that answered an error or an empty body would compile nothing of the families' path).
/// </summary>
public class FederateWarmUpTests
{
    private const long Now = 1_700_000_000_000;

    [Fact]
    public async Task RunAsync_SiteOptions_RendersEveryWarmUpSeriesInEachFormat()
    {
        var options = new FederationOptions { ExternalLabels = [new Label("site", "s")] };

        var rendered = await FederateWarmUp.RunAsync(options, new ManualClock(Now));

        Assert.Equal(3, rendered.Count);
        // Note: 2,000 series of at least ~40 bytes each in every format; several of the writer's 32 KB flushes.
        Assert.All(rendered, bytes => Assert.True(bytes > 2_000 * 30, $"{bytes} bytes"));
    }

    [Fact]
    public async Task StartInBackground_SiteOptions_CompletesWithoutLogging()
    {
        var logger = new Scraping.ListLogger();

        await FederateWarmUp.StartInBackground(new FederationOptions(), new ManualClock(Now), logger);

        Assert.Empty(logger.Lines);
    }

    [Fact]
    public async Task StartInBackground_RenderFails_LoggedAsWarningNotThrown()
    {
        // Note: a lookback the store refuses makes the render throw before anything is written.
        var logger = new Scraping.ListLogger();

        await FederateWarmUp.StartInBackground(new FederationOptions { Lookback = TimeSpan.Zero }, new ManualClock(Now), logger);

        var line = Assert.Single(logger.Lines);
        Assert.StartsWith("Warning 1400: The /federate warm-up at start failed", line);
    }
}
