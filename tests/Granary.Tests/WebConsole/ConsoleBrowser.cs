using Microsoft.Playwright;

namespace Granary.Tests.WebConsole;

/// <summary>
/// Debian's chromium driven by Playwright through its executable path (Playwright's own browsers are never
/// installed), headless, one fresh context per session so no key survives from one test to the next.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long a page may take to show what a test waits for.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<ConsoleBrowser> OpenAsync(int httpPort)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        page.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        await page.GotoAsync($"http://127.0.0.1:{httpPort}/console/");
        return new ConsoleBrowser(playwright, browser, page);
    }

    /// <summary>Logs in with the key, as a user does, and waits for the navigation that a known key opens.</summary>
    public async Task LogInAsync(string key)
    {
        await Page.FillAsync("#api-key", key);
        await Page.ClickAsync("#login button[type=submit]");
        await Page.Locator("#nav").WaitForAsync(new() { State = WaitForSelectorState.Visible });
    }

    /// <summary>Opens a view by its navigation link and waits for an element of it.</summary>
    public async Task<ILocator> OpenViewAsync(string view, string selector)
    {
        await Page.ClickAsync($"nav a[data-view={view}]");
        var found = Page.Locator(selector);
        await found.First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
