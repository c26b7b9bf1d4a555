using System.Text.Json;
using Microsoft.Playwright;

namespace Playground.Browser.Tests;

/// <summary>
/// The lesson page as a learner uses it, driven through its real controls and observed through the
/// window.playground test hooks (see web/README.md). Every wait is on an explicit condition.
/// </summary>
public sealed class LessonPage(Learner learner)
{
    /// <summary>Generous: a sandbox may be starting while other tests' checks run on 2 cores.</summary>
    public const float Timeout = 30_000;
    public const float TerminalStartTimeout = 90_000;

    // A bash prompt line of the sandbox: "learner@playground:~$ ..." (the user's PS1, colours stripped by xterm).
    private const string PromptPattern = @"^[^\s@]+@[^\s:]+:[^\n]*?[$#]";

    private IPage Page => learner.Page;

    public ILocator Content => Page.Locator("#step-content");
    public ILocator NextButton => Page.Locator("#step-next");
    public ILocator PrevButton => Page.Locator("#step-prev");
    public ILocator ProgressBar => Page.Locator("#progress-bar");
    public ILocator CheckButton => Page.Locator("#step-content .pg-check-button");
    public ILocator CheckResult => Page.Locator("#step-content .pg-check-result");

    public static string LessonUrl(string track, string lesson, string? hash = null) =>
        $"/lessons/{Uri.EscapeDataString(track)}/{Uri.EscapeDataString(lesson)}{hash}";

    public async Task OpenAsync(string track, string lesson, string? hash = null)
    {
        await Page.GotoAsync(LessonUrl(track, lesson, hash));
        await WaitForReadyAsync();
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitForReadyAsync();
    }

    public Task WaitForReadyAsync() =>
        WaitAsync("() => window.playground?.ready === true", null, "the lesson page to be ready");

    /// <summary>Waits until the page shows position <paramref name="kind"/> (intro|step|finish), step number for steps.</summary>
    public async Task WaitForPositionAsync(string kind, int? step = null)
    {
        var selector = step is null ? $"#step-content[data-kind='{kind}']" : $"#step-content[data-kind='{kind}'][data-step='{step}']";
        await WaitForSelectorAsync(selector, $"the page to show {kind} {step}");
    }

    public async Task WaitForSelectorAsync(string selector, string what, float timeout = Timeout)
    {
        try
        {
            await Page.Locator(selector).First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = timeout });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw await DiagnosedAsync(e, what);
        }
    }

    public async Task<int> ProgressAsync() =>
        int.Parse(await ProgressBar.GetAttributeAsync("aria-valuenow") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);

    // ---- terminal ------------------------------------------------------------------------------------------------

    public ILocator TerminalScreen(int index = 1) => Page.Locator($"#terminal-pane .pg-terminal[data-index='{index}'] .pg-terminal-screen");

    /// <summary>Waits until terminal <paramref name="index"/> (1-based) is attached and shows a prompt.</summary>
    public async Task WaitForShellAsync(int index = 1)
    {
        await WaitAsync("i => window.playground?.terminals?.[i]?.lastStatus?.state === 'attached'", index - 1,
            $"terminal {index} to attach", TerminalStartTimeout);
        await WaitAsync("([i, p]) => { const lines = window.playground.terminals[i].text().split('\\n');" +
            " return new RegExp(p).test(lines[lines.length - 1] ?? ''); }", new object[] { index - 1, PromptPattern },
            $"a prompt in terminal {index}", TerminalStartTimeout);
    }

    public Task<string> TerminalTextAsync(int index = 1) =>
        Page.EvaluateAsync<string>("i => window.playground.terminals[i]?.text() ?? ''", index - 1);

    public async Task<int> PromptCountAsync(int index = 1) =>
        await Page.EvaluateAsync<int>("([i, p]) => (window.playground.terminals[i].text().match(new RegExp(p, 'gm')) || []).length",
            new object[] { index - 1, PromptPattern });

    /// <summary>Types a command with the keyboard into the xterm, presses Enter, and waits for the next prompt.</summary>
    public async Task TypeCommandAsync(string command, int index = 1)
    {
        var before = await PromptCountAsync(index);
        await TerminalScreen(index).ClickAsync();
        await Page.Keyboard.TypeAsync(command);
        await Page.Keyboard.PressAsync("Enter");
        await WaitForPromptCountAsync(before + 1, index);
    }

    public Task WaitForPromptCountAsync(int count, int index = 1) =>
        WaitAsync("([i, p, n]) => (window.playground.terminals[i].text().match(new RegExp(p, 'gm')) || []).length >= n",
            new object[] { index - 1, PromptPattern, count }, $"prompt #{count} in terminal {index}");

    /// <summary>Waits for a whole terminal line matching <paramref name="linePattern"/> (a JS regex, anchored here) and returns it.</summary>
    public async Task<string> WaitForLineAsync(string linePattern, int index = 1, string? what = null)
    {
        var handle = await WaitAsync("([i, p]) => { const m = window.playground.terminals[i]?.text().match(new RegExp('^' + p + '$', 'm'));" +
            " return m ? m[0] : false; }", new object[] { index - 1, linePattern }, what ?? $"a line /{linePattern}/ in terminal {index}");
        return (await handle.JsonValueAsync<string>()).TrimEnd();
    }

    /// <summary>All whole lines of terminal <paramref name="index"/> matching the (JS) pattern.</summary>
    public async Task<string[]> LinesAsync(string linePattern, int index = 1) =>
        await Page.EvaluateAsync<string[]>("([i, p]) => window.playground.terminals[i].text().split('\\n').filter(l => new RegExp('^' + p + '$').test(l))",
            new object[] { index - 1, linePattern });

    // ---- waiting with diagnostics --------------------------------------------------------------------------------

    public async Task<IJSHandle> WaitAsync(string expression, object? arg, string what, float timeout = Timeout)
    {
        // Polled from here rather than with Page.WaitForFunctionAsync: that compiles the predicate inside the page,
        // which the pages' strict CSP (script-src 'self', no unsafe-eval) refuses. Evaluations sent over the DevTools
        // protocol are not subject to CSP, so the tests keep running the pages under their real policy.
        var deadline = DateTime.UtcNow.AddMilliseconds(timeout);
        string? lastError = null;
        while (true)
        {
            try
            {
                var handle = await Page.EvaluateHandleAsync(expression, arg);
                if (await Page.EvaluateAsync<bool>("value => !!value", handle)) return handle;
                await handle.DisposeAsync();
            }
            catch (PlaywrightException e)
            {
                lastError = e.Message; // e.g. the page is navigating; try again
            }
            if (DateTime.UtcNow >= deadline)
                throw await DiagnosedAsync(new TimeoutException($"Timeout {timeout} ms exceeded{(lastError is null ? "" : $"; last error: {lastError}")}"), what);
            await Task.Delay(100);
        }
    }

    /// <summary>A failure that says what was awaited and what the page looked like at that moment.</summary>
    public async Task<Exception> DiagnosedAsync(Exception e, string what)
    {
        string state;
        try
        {
            state = JsonSerializer.Serialize(await Page.EvaluateAsync<JsonElement>(@"() => ({
                mode: window.playground?.mode, position: window.playground?.position, ready: window.playground?.ready,
                statuses: (window.playground?.terminals || []).map(t => [t.connectionState, t.lastStatus, t.lastCloseCode]),
                content: document.querySelector('#step-content')?.innerText?.slice(0, 1500),
                errors: [...document.querySelectorAll('[role=alert]:not([hidden])')].map(e => e.innerText),
                terminal: (window.playground?.terminals || []).map(t => t.text().slice(-2000)),
            })"), new JsonSerializerOptions { WriteIndented = true });
        }
        catch (PlaywrightException inner)
        {
            state = $"(page state unavailable: {inner.Message})";
        }
        return new Xunit.Sdk.XunitException($"Timed out waiting for {what}: {e.Message}\nPage state: {state}\nPage errors: {string.Join("\n", learner.PageErrors)}");
    }
}
