using Microsoft.Playwright;
using Playground.Testing.Web;

namespace Playground.Browser.Tests;

/// <summary>
/// One real Playground server and one headless Debian Chromium, shared by the tests of one class. Every test gets
/// its own browser context (<see cref="NewLearnerAsync"/>): a fresh cookie jar, so a fresh learner.
/// </summary>
public abstract class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;
    private PlaygroundServer? server;
    private string? unavailableReason;

    public PlaygroundServer Server => server ?? throw new InvalidOperationException("the fixture did not start a server");

    /// <summary>Configuration keys for the server (e.g. "Playground:Lessons:Root").</summary>
    protected virtual IReadOnlyDictionary<string, string>? ServerSettings() => null;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            unavailableReason = $"{ChromiumPath} is missing: install Debian's chromium package (no browser is ever downloaded)";
            return;
        }
        server = await PlaygroundServer.StartAsync(ServerSettings());
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The brief's flags, plus: no address-bar popup WebUI in every new window (context), which chromium's headless
            // mode otherwise loads at 400–700 ms of CPU each, on the cores the server under test needs.
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxAimPopup"],
        });
    }

    /// <summary>Skips the calling test when there is no browser to drive.</summary>
    public void RequireBrowser()
    {
        if (unavailableReason is not null) Assert.Skip(unavailableReason);
    }

    /// <summary>A new learner: a new browser context (own cookies and localStorage) with one page.</summary>
    public async Task<Learner> NewLearnerAsync(int width = 1280, int height = 720, string locale = "en-US")
    {
        RequireBrowser();
        var context = await browser!.NewContextAsync(new()
        {
            BaseURL = Server.BaseUri.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            Locale = locale,
        });
        context.SetDefaultTimeout(30_000);
        // Only the server under test: anything else the page tries to load is a bug (a CDN, a font service...).
        var origin = Server.Origin;
        var external = new List<string>();
        // Previews live on the server's own preview hosts (p-PORT-WORKSPACE.localhost:SERVERPORT), which count as the server.
        var port = Server.BaseUri.Port;
        bool IsServer(string url) => url.StartsWith(origin, StringComparison.Ordinal)
            || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port == port && uri.Host.StartsWith("p-", StringComparison.Ordinal)
                && uri.Host.EndsWith(".localhost", StringComparison.Ordinal));
        await context.RouteAsync(url => !IsServer(url), async route =>
        {
            lock (external) external.Add(route.Request.Url);
            await route.AbortAsync();
        });
        var page = await context.NewPageAsync();
        return new Learner(context, page, Server, external);
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        // Fails when the server left sandboxes behind.
        if (server is not null) await server.DisposeAsync();
        await OnDisposedAsync();
    }

    protected virtual ValueTask OnDisposedAsync() => ValueTask.CompletedTask;
}

/// <summary>The fixture for lessons of this repository's lessons/ folder.</summary>
public sealed class PlaygroundBrowser : BrowserFixture;
