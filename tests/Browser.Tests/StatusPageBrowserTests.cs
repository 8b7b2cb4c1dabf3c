using System.Globalization;
using Aggregator.Tests.Common;
using Microsoft.Playwright;

namespace Aggregator.Browser.Tests;

/// <summary>
/// The status page in a real (headless) browser, after its scripts ran, on a live tree: every site
/// and source drawn with its marks, a stopped site's age growing, a killed source shown down, hostile
/// names shown as text, and never a console error.
/// </summary>
public sealed class StatusPageBrowserTests
{
    private static async Task<double> LastSeenAsync(IPage page, string site)
    {
        var text = await page.GetAttributeAsync($"[data-site=\"{site}\"]", "data-last-seen-seconds");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double age) ? age : double.NaN;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe())
            {
                return true;
            }
            await Task.Delay(200);
        }
        return false;
    }

    [BrowserFact]
    public async Task StatusPage_LiveTree_EverySiteSourceAndMemberDrawnWithoutConsoleErrors()
    {
        await using var tree = await StatusTree.StartAsync();
        await using var browser = await BrowserPage.OpenAsync();

        await browser.GoToStatusAsync(tree.UrlOf("agg-0"));
        await browser.WaitForAsync("[data-site=\"dc1\"][data-last-seen-seconds]:not([data-last-seen-seconds=\"\"])");
        await browser.WaitForAsync("[data-site=\"dc2\"][data-last-seen-seconds]:not([data-last-seen-seconds=\"\"])");
        await browser.WaitForAsync("[data-member=\"agg-0\"][data-up=\"1\"]");
        // Note: a ring member's row shows its state in its ring's cluster.
        Assert.Equal("up", await browser.Page.Locator("[data-member=\"agg-0\"] td").Last.TextContentAsync());
        Assert.InRange(await LastSeenAsync(browser.Page, "dc1"), 0, 30);
        Assert.Equal(2, await browser.Page.Locator("[data-site]").CountAsync());
        // Note: the sampler takes a freshness sample every half second here; two make a line.
        await browser.WaitForAsync("[data-site=\"dc1\"] svg.freshness polyline");

        foreach (var (node, sources) in new[] { ("dc1", new[] { "steady", "doomed" }), ("dc2", new[] { "other" }) })
        {
            await browser.GoToStatusAsync(tree.UrlOf(node));
            foreach (var source in sources)
            {
                await browser.WaitForAsync($"[data-source=\"{source}\"][data-up=\"1\"]");
            }
            Assert.Equal(sources.Length, await browser.Page.Locator("[data-source]").CountAsync());
            await browser.WaitForAsync("[data-rule-group=\"job-level\"]");
            await browser.WaitForAsync("[data-member=\"agg-0\"]");
        }
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task StatusPage_SiteStopped_ItsAgeKeepsGrowingWhileTheOtherStaysFresh()
    {
        await using var tree = await StatusTree.StartAsync();
        await using var browser = await BrowserPage.OpenAsync();
        await browser.GoToStatusAsync(tree.UrlOf("agg-0"));
        await browser.WaitForAsync("[data-site=\"dc2\"][data-last-seen-seconds]:not([data-last-seen-seconds=\"\"])");

        await tree.StopNodeAsync("dc2");
        Assert.True(await EventuallyAsync(async () => await LastSeenAsync(browser.Page, "dc2") > 3), "dc2's age never passed 3 s");
        double first = await LastSeenAsync(browser.Page, "dc2");
        Assert.True(await EventuallyAsync(async () => await LastSeenAsync(browser.Page, "dc2") > first + 1), "dc2's age stopped growing");
        Assert.True(await LastSeenAsync(browser.Page, "dc1") < await LastSeenAsync(browser.Page, "dc2"), "the running site dc1 looks staler than the stopped dc2");
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task StatusPage_SourceKilled_ShownDownWhileTheOtherStaysUp()
    {
        await using var tree = await StatusTree.StartAsync();
        await using var browser = await BrowserPage.OpenAsync();
        await browser.GoToStatusAsync(tree.UrlOf("dc1"));
        await browser.WaitForAsync("[data-source=\"doomed\"][data-up=\"1\"]");

        await tree.KillSourceAsync("doomed");

        await browser.WaitForAsync("[data-source=\"doomed\"][data-up=\"0\"]");
        Assert.Equal(1, await browser.Page.Locator("[data-source=\"steady\"][data-up=\"1\"]").CountAsync());
        Assert.NotEqual("", (await browser.Page.Locator("[data-source=\"doomed\"] td.error").TextContentAsync())?.Trim());
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task StatusPage_HostileSiteName_ShownAsTextAndNothingRuns()
    {
        const string hostile = "</script><img src=x onerror=alert(1)><svg onload=alert(2)>\"'&amp;";
        await using var tree = await StatusTree.StartAsync();
        using var http = new HttpClient();
        await TierHosts.PushAsync(http, tree.UrlOf("agg-0"), TierHosts.Series(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1, "__name__", "job:x:sum", "job", "a", "site", hostile));
        await using var browser = await BrowserPage.OpenAsync();

        await browser.GoToStatusAsync(tree.UrlOf("agg-0"));
        Assert.True(await EventuallyAsync(async () =>
            (await browser.Page.EvalOnSelectorAllAsync<string[]>("[data-site]", "rows => rows.map(r => r.getAttribute('data-site'))")).Contains(hostile)),
            "the hostile site never showed");

        Assert.Equal(0, await browser.Page.Locator("img").CountAsync());
        Assert.Equal(0, await browser.Page.Locator("svg[onload]").CountAsync());
        var cells = await browser.Page.EvalOnSelectorAllAsync<string[]>("[data-site] td:first-child", "cells => cells.map(c => c.textContent)");
        Assert.Contains(hostile, cells);
        Assert.Empty(browser.Problems);
    }
}
