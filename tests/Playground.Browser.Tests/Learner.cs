using Microsoft.Playwright;
using Playground.Testing.Web;

namespace Playground.Browser.Tests;

/// <summary>
/// One learner in the browser: a browser context (its own pg_learner cookie) and its page. Collects what the page
/// got wrong (uncaught errors, console errors, requests to other hosts) so tests can assert there was none.
/// </summary>
public sealed class Learner : IAsyncDisposable
{
    private readonly List<string> pageErrors = [];
    private readonly List<string> externalRequests;

    internal Learner(IBrowserContext context, IPage page, PlaygroundServer server, List<string> externalRequests)
    {
        Context = context;
        Page = page;
        Server = server;
        this.externalRequests = externalRequests;
        Lesson = new LessonPage(this);
        page.PageError += (_, error) => { lock (pageErrors) pageErrors.Add($"uncaught: {error}"); };
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (pageErrors) pageErrors.Add($"console: {message.Text}");
        };
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public PlaygroundServer Server { get; }
    public LessonPage Lesson { get; }

    public IReadOnlyList<string> PageErrors { get { lock (pageErrors) return [.. pageErrors]; } }

    /// <summary>No uncaught script error, no console error, no request that left the server's origin.</summary>
    public void AssertPageHealthy(params string[] expectedConsoleErrors)
    {
        var errors = PageErrors.Where(e => !expectedConsoleErrors.Any(e.Contains)).ToList();
        Assert.True(errors.Count == 0, "the page reported errors:\n" + string.Join("\n", errors));
        lock (externalRequests)
            Assert.True(externalRequests.Count == 0, "the page tried to load from other hosts:\n" + string.Join("\n", externalRequests));
    }

    /// <summary>Ends this learner's workspace (if the page has one) so sandboxes do not pile up during the run.</summary>
    public async Task EndWorkspaceAsync()
    {
        try
        {
            await Page.EvaluateAsync(@"async () => {
                const id = window.playground?.workspace?.id;
                if (id) await fetch('/api/workspaces/' + encodeURIComponent(id), { method: 'DELETE' });
            }");
        }
        catch (PlaywrightException)
        {
            // The page is gone; the server removes the sandbox when it stops.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await EndWorkspaceAsync();
        await Context.CloseAsync();
    }
}
