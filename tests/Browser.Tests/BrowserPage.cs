using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Aggregator.Browser.Tests;

/// <summary>
/// One headless Chromium with one page, recording every console error, uncaught page error and
/// dialog (a script that ran where only text should be) so a test can assert there were none.
/// </summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Problems.Enqueue("console error: " + message.Text);
            }
        };
        page.PageError += (_, error) => Problems.Enqueue("page error: " + error);
        page.Dialog += async (_, dialog) =>
        {
            Problems.Enqueue("dialog: " + dialog.Message);
            await dialog.DismissAsync();
        };
    }

    public IPage Page { get; }

    public ConcurrentQueue<string> Problems { get; } = new();

    public static async Task<BrowserPage> OpenAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = HeadlessChromium.Path,
            Headless = true,
            Args = HeadlessChromium.Args,
        });
        var page = await browser.NewPageAsync();
        return new BrowserPage(playwright, browser, page);
    }

    /// <summary>Opens <paramref name="url"/> refreshing every half second, and waits until its script drew the tables.</summary>
    public async Task GoToStatusAsync(Uri url)
    {
        await Page.GotoAsync(new Uri(url, "?refresh=0.5").ToString());
        await Page.WaitForSelectorAsync("body[data-rendered]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>Waits until <paramref name="selector"/> matches an element on the page (30 s at most).</summary>
    public Task WaitForAsync(string selector) =>
        Page.WaitForSelectorAsync(selector, new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
