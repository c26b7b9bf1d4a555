using Microsoft.Playwright;
using Playground.Testing;

namespace Playground.Browser.Tests;

/// <summary>Issue 4: the terminal in the browser — typing, Run buttons, resizing, reloading, isolation.</summary>
public sealed class TerminalTests(PlaygroundBrowser browser, DockerEngine docker) : IClassFixture<PlaygroundBrowser>
{
    private async Task<Learner> LearnerInShellAsync(string? hash = null, int width = 1280, int height = 720)
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        var learner = await browser.NewLearnerAsync(width, height);
        await learner.Lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson, hash);
        await learner.Lesson.WaitForShellAsync();
        return learner;
    }

    /// <summary>
    /// Issue 13, time to a usable prompt: the workspace is asked for before the page's bundle runs (early.js, with the
    /// environment the server named in the page), and the terminal uses the one socket early.js opened: no second
    /// handshake, no socket replaced (4000).
    /// </summary>
    [Fact]
    public async Task The_page_asks_for_the_workspace_before_its_bundle_runs_and_uses_one_terminal_socket()
    {
        browser.RequireBrowser();
        await docker.RequireImageAsync(FirstSteps.Image, TestContext.Current.CancellationToken);
        await using var learner = await browser.NewLearnerAsync();
        var sockets = new List<IWebSocket>();
        learner.Page.WebSocket += (_, socket) => { lock (sockets) sockets.Add(socket); };

        await learner.Lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson);
        await learner.Lesson.WaitForShellAsync();
        await learner.Lesson.TypeCommandAsync("echo one-socket");
        await learner.Lesson.WaitForLineAsync("one-socket");

        Assert.Equal("shell", await learner.Page.Locator("meta[name='pg-terminal-environment']").GetAttributeAsync("content"));
        var marks = await learner.Page.EvaluateAsync<Dictionary<string, double>>(
            "() => Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime]))");
        // Parser-blocking early.js runs while the document is parsed; module scripts run only after it is parsed.
        Assert.True(marks["pg:workspace-request"] < marks["pg:lesson-module"], $"the workspace was asked for after the bundle ran: {string.Join(", ", marks)}");
        IWebSocket[] terminalSockets;
        lock (sockets) terminalSockets = [.. sockets.Where(s => s.Url.Contains("/terminals/1"))];
        Assert.Single(terminalSockets);
        Assert.False(terminalSockets[0].IsClosed, "the terminal's socket was closed");
        Assert.Equal("connected", await learner.Page.EvaluateAsync<string>("() => window.playground.terminals[0].connectionState"));
        // early.js handed its socket over exactly once.
        Assert.True(await learner.Page.EvaluateAsync<bool>(
            "() => window.playgroundEarly.takeTerminal(window.playground.workspace.id, 1) === null"));
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Typing_into_the_terminal_runs_the_command_in_the_sandbox()
    {
        await using var learner = await LearnerInShellAsync();

        await learner.Lesson.TypeCommandAsync("echo hello");

        var text = await learner.Lesson.TerminalTextAsync();
        Assert.Contains("hello", text.Split('\n').Select(line => line.TrimEnd()));
        Assert.Contains(text.Split('\n'), line => line.Contains("$ echo hello"));
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Run_button_types_the_block_into_the_terminal()
    {
        await using var learner = await LearnerInShellAsync("#step-1");
        var lesson = learner.Lesson;
        var runButtons = learner.Page.Locator("#step-content .pg-code[data-action='run'] .pg-run-button");
        Assert.Equal(2, await runButtons.CountAsync());

        var prompts = await lesson.PromptCountAsync();
        await runButtons.Nth(0).ClickAsync(); // echo 'Hello, Playground' > ~/hello.txt
        await lesson.WaitForPromptCountAsync(prompts + 1);
        await runButtons.Nth(1).ClickAsync(); // cat ~/hello.txt
        await lesson.WaitForPromptCountAsync(prompts + 2);

        // The line appears only as cat's output: the echoed command line has quotes and the prompt around it.
        Assert.Equal("Hello, Playground", await lesson.WaitForLineAsync("Hello, Playground"));
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Resizing_the_viewport_resizes_the_shell()
    {
        await using var learner = await LearnerInShellAsync(width: 1280, height: 720);
        var lesson = learner.Lesson;

        var before = await SizesAsync(learner);
        Assert.Equal(before.Xterm, before.Stty);

        await learner.Page.SetViewportSizeAsync(1024, 600);
        await lesson.WaitAsync("([c, r]) => { const t = window.playground.terminals[0].term; return t.cols !== c && t.rows !== r; }",
            new object[] { before.Xterm.Cols, before.Xterm.Rows }, "xterm to fit the smaller viewport");

        var after = await SizesAsync(learner);
        Assert.True(after.Xterm.Cols < before.Xterm.Cols && after.Xterm.Rows < before.Xterm.Rows,
            $"xterm did not shrink: {before.Xterm} -> {after.Xterm}");
        Assert.Equal(after.Xterm, after.Stty);
        learner.AssertPageHealthy();
    }

    private readonly record struct Size(int Rows, int Cols);

    private static async Task<(Size Xterm, Size Stty)> SizesAsync(Learner learner)
    {
        var lesson = learner.Lesson;
        var marker = "size-" + Guid.NewGuid().ToString("N")[..6];
        await lesson.TypeCommandAsync($"echo {marker} $(stty size)");
        var line = await lesson.WaitForLineAsync($"{marker} \\d+ \\d+");
        var parts = line.Split(' ');
        var stty = new Size(int.Parse(parts[1]), int.Parse(parts[2]));
        var xterm = await learner.Page.EvaluateAsync<int[]>("() => { const t = window.playground.terminals[0].term; return [t.rows, t.cols]; }");
        return (new Size(xterm[0], xterm[1]), stty);
    }

    [Fact]
    public async Task Reloading_the_page_finds_the_same_shell_and_replays_its_output()
    {
        await using var learner = await LearnerInShellAsync();
        var lesson = learner.Lesson;
        await lesson.TypeCommandAsync("echo first-$$");
        var pid = (await lesson.WaitForLineAsync(@"first-\d+"))["first-".Length..];
        var workspace = await learner.Page.EvaluateAsync<string>("() => window.playground.workspace.id");

        await lesson.ReloadAsync();
        await lesson.WaitForShellAsync();

        Assert.Equal(workspace, await learner.Page.EvaluateAsync<string>("() => window.playground.workspace.id"));
        // Replayed before anything new was typed.
        Assert.Equal($"first-{pid}", await lesson.WaitForLineAsync($"first-{pid}", what: "the earlier output to be replayed"));
        await lesson.TypeCommandAsync("echo again-$$");
        Assert.Equal($"again-{pid}", await lesson.WaitForLineAsync(@"again-\d+"));
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Another_learner_cannot_attach_to_the_terminal()
    {
        await using var owner = await LearnerInShellAsync();
        var workspace = await owner.Page.EvaluateAsync<WorkspaceRef>("() => ({ id: window.playground.workspace.id, token: window.playground.workspace.token })");
        await using var intruder = await browser.NewLearnerAsync();
        await intruder.Page.GotoAsync("/"); // the catalog issues the intruder's own pg_learner cookie

        // Even with the right token (say, copied from the owner's screen), the server refuses another learner.
        var close = await intruder.Page.EvaluateAsync<CloseEvent>(@"([id, token]) => new Promise(resolve => {
            const ws = new WebSocket(`ws://${location.host}/ws/workspaces/${encodeURIComponent(id)}/terminals/1?token=${encodeURIComponent(token)}`);
            ws.binaryType = 'arraybuffer';
            let output = 0;
            ws.onmessage = (e) => { output += typeof e.data === 'string' ? e.data.length : e.data.byteLength; };
            ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, output });
            setTimeout(() => resolve({ code: -1, reason: 'no close within 20 s', output }), 20000);
        })", new[] { workspace.Id, workspace.Token });

        Assert.Equal(4403, close.Code);
        Assert.Equal(0, close.Output);

        // The owner's terminal is untouched.
        await owner.Lesson.TypeCommandAsync("echo still-mine");
        Assert.Equal("still-mine", await owner.Lesson.WaitForLineAsync("still-mine"));
    }

    [Fact]
    public async Task Another_learner_gets_403_from_the_workspace_api_and_cannot_end_it()
    {
        await using var owner = await LearnerInShellAsync();
        var id = await owner.Page.EvaluateAsync<string>("() => window.playground.workspace.id");
        await using var intruder = await browser.NewLearnerAsync();
        await intruder.Page.GotoAsync("/");

        var statuses = await intruder.Page.EvaluateAsync<int[]>(@"async id => {
            const url = '/api/workspaces/' + encodeURIComponent(id);
            return [
                (await fetch(url)).status,
                (await fetch(url + '/extend', { method: 'POST' })).status,
                (await fetch(url, { method: 'DELETE' })).status,
            ];
        }", id);

        Assert.Equal([403, 403, 403], statuses);
        await owner.Lesson.TypeCommandAsync("echo still-alive");
        Assert.Equal("still-alive", await owner.Lesson.WaitForLineAsync("still-alive"));
    }

    [Fact]
    public async Task Emoji_widths_match_bash_so_the_cursor_edits_where_the_screen_shows_it()
    {
        await using var learner = await LearnerInShellAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;
        Assert.Equal("11", await page.EvaluateAsync<string>("() => window.playground.terminals[0].term.unicode.activeVersion"));

        // The issue's case: seven times ← from the end lands before the first whale, for bash and for the screen.
        await lesson.TerminalScreen().ClickAsync();
        await page.Keyboard.TypeAsync("echo 🐳🐳🐳 end");
        for (var i = 0; i < 7; i++) await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.TypeAsync("X");
        await lesson.WaitAsync("() => { const lines = window.playground.terminals[0].text().split('\\n'); return lines[lines.length - 1].includes('X'); }",
            null, "the X on the screen");
        var edited = (await lesson.TerminalTextAsync()).Split('\n')[^1];
        Assert.EndsWith("$ echo X🐳🐳🐳 end", edited.TrimEnd());
        var prompts = await lesson.PromptCountAsync();
        await page.Keyboard.PressAsync("Enter");
        await lesson.WaitForPromptCountAsync(prompts + 1);
        Assert.Equal("X🐳🐳🐳 end", await lesson.WaitForLineAsync("X🐳🐳🐳 end"));
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Hangul_takes_exactly_two_cells_in_the_bundled_korean_font()
    {
        await using var learner = await LearnerInShellAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;

        await lesson.TypeCommandAsync("echo 안녕하세요");
        Assert.Equal("안녕하세요", await lesson.WaitForLineAsync("안녕하세요"));

        var measured = await page.EvaluateAsync<HangulMeasure>(@"async () => {
            const term = window.playground.terminals[0].term;
            await document.fonts.ready;
            const family = 'Nanum Gothic Coding';
            const faces = [...document.fonts].filter(f => f.family.replace(/[""']/g, '') === family && f.status === 'loaded');
            const cell = term._core._renderService.dimensions.css.cell.width;
            const context = document.createElement('canvas').getContext('2d');
            context.font = `${term.options.fontSize}px ${term.options.fontFamily}`;
            const buffer = term.buffer.active;
            let widths = [];
            for (let y = 0; y < buffer.length; y++) {
                const line = buffer.getLine(y);
                if (line.translateToString(true) !== '안녕하세요') continue;
                for (let x = 0; x < 10; x++) widths.push(line.getCell(x).getWidth());
                break;
            }
            return {
                loadedFaces: faces.length,
                hasGlyphs: document.fonts.check(`${term.options.fontSize}px '${family}'`, '안녕하세요'),
                primaryFont: term.options.fontFamily.split(',')[0].trim(),
                cell,
                hangul: context.measureText('안녕하세요').width / 5,
                latin: context.measureText('0123456789').width / 10,
                cellWidths: widths.join(','),
            };
        }");

        // Each syllable is one wide character in two cells (xterm's buffer) ...
        Assert.Equal("2,0,2,0,2,0,2,0,2,0", measured.CellWidths);
        // ... drawn by the bundled web font (loaded from this server: the fixture blocks every other host) ...
        Assert.Equal("\"Nanum Gothic Coding\"", measured.PrimaryFont);
        Assert.True(measured.LoadedFaces > 0, "no face of Nanum Gothic Coding was loaded");
        Assert.True(measured.HasGlyphs, "the Hangul glyphs are not available in the terminal font");
        // ... whose Hangul advance is exactly two cells: no gaps ("안 녕"), no overlap.
        Assert.True(Math.Abs(measured.Hangul - 2 * measured.Cell) < 0.75,
            $"a Hangul syllable is {measured.Hangul:F2} px wide, two cells are {2 * measured.Cell:F2} px (Latin {measured.Latin:F2} px)");
        Assert.True(Math.Abs(measured.Latin - measured.Cell) < 0.75, $"Latin {measured.Latin:F2} px vs cell {measured.Cell:F2} px");
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Font_size_control_is_remembered_and_copy_paste_help_is_shown()
    {
        await using var learner = await LearnerInShellAsync();
        var lesson = learner.Lesson;
        var page = learner.Page;
        var before = await page.EvaluateAsync<int[]>("() => { const t = window.playground.terminals[0].term; return [t.options.fontSize, t.cols]; }");

        await page.Locator(".pg-font-larger").ClickAsync();
        await page.Locator(".pg-font-larger").ClickAsync();
        await lesson.WaitAsync("c => window.playground.terminals[0].term.cols < c", before[1], "the terminal to refit with larger text");
        Assert.Equal(before[0] + 2, await page.EvaluateAsync<int>("() => window.playground.terminals[0].term.options.fontSize"));

        await lesson.ReloadAsync();
        await lesson.WaitForShellAsync();
        Assert.Equal(before[0] + 2, await page.EvaluateAsync<int>("() => window.playground.terminals[0].term.options.fontSize"));
        // The shell learns the new size too.
        var cols = await page.EvaluateAsync<int>("() => window.playground.terminals[0].term.cols");
        await lesson.TypeCommandAsync("echo cols-$(tput cols)");
        Assert.Equal($"cols-{cols}", await lesson.WaitForLineAsync(@"cols-\d+"));

        await page.Locator(".pg-term-help summary").ClickAsync();
        var help = page.Locator(".pg-term-help-body");
        await help.WaitForAsync();
        var text = await help.InnerTextAsync();
        Assert.Contains("Ctrl+Shift+C", text);
        Assert.Contains("Ctrl+Shift+V", text);
        Assert.Contains("right-click", text);

        // Ctrl+Shift+C copies the selection (Ctrl+C stays the interrupt key).
        await learner.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await lesson.TypeCommandAsync("echo copy-me-please");
        await page.EvaluateAsync(@"() => { const t = window.playground.terminals[0].term; const b = t.buffer.active;
            for (let y = b.length - 1; y >= 0; y--) { if (b.getLine(y).translateToString(true) === 'copy-me-please') { t.select(0, y, 14); return; } } }");
        await lesson.TerminalScreen().FocusAsync();
        await page.Keyboard.PressAsync("Control+Shift+C");
        await lesson.WaitAsync("async () => (await navigator.clipboard.readText()) === 'copy-me-please'", null, "the selection on the clipboard");
        learner.AssertPageHealthy();
    }

    [Fact]
    public async Task Reset_sandbox_warns_then_gives_a_fresh_sandbox_and_keeps_the_lesson()
    {
        await using var learner = await LearnerInShellAsync("#step-1");
        var lesson = learner.Lesson;
        var page = learner.Page;
        await lesson.TypeCommandAsync("echo old > ~/old.txt");
        var old = await page.EvaluateAsync<string>("() => window.playground.workspace.id");
        string? warning = null;
        page.Dialog += async (_, dialog) => { warning = dialog.Message; await dialog.AcceptAsync(); };

        await page.Locator(".pg-reset-sandbox").ClickAsync();
        await lesson.WaitAsync("old => window.playground.workspace && window.playground.workspace.id !== old", old, "a new workspace");
        await lesson.WaitForShellAsync();

        Assert.Contains("is lost", warning);
        Assert.True(await page.Locator("#session-ended").IsHiddenAsync(), "the reset shows the session-ended panel");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.playground.position"));
        await lesson.TypeCommandAsync("test -e ~/old.txt && echo still-there || echo fresh-sandbox");
        Assert.Equal("fresh-sandbox", await lesson.WaitForLineAsync("(still-there|fresh-sandbox)"));
        var gone = await page.EvaluateAsync<int>("async old => (await fetch('/api/workspaces/' + old)).status", old);
        Assert.Equal(410, gone);
        learner.AssertPageHealthy(expectedConsoleErrors: "410"); // the fetch just above
    }

    [Fact]
    public async Task Returning_after_the_session_ended_says_so_and_the_countdown_has_a_label()
    {
        await using var learner = await LearnerInShellAsync();
        var page = learner.Page;
        Assert.Equal("Session", (await page.Locator("#countdown .pg-countdown-label").InnerTextAsync()).Trim());
        var old = await page.EvaluateAsync<string>("() => window.playground.workspace.id");

        // The learner goes away (page closed); meanwhile the session ends (here: ended through the API).
        await page.GotoAsync("/");
        Assert.Equal(204, await page.EvaluateAsync<int>("async id => (await fetch('/api/workspaces/' + id, { method: 'DELETE' })).status", old));
        await learner.Lesson.OpenAsync(FirstSteps.Track, FirstSteps.Lesson);
        await learner.Lesson.WaitForShellAsync();

        Assert.NotEqual(old, await page.EvaluateAsync<string>("() => window.playground.workspace.id"));
        await learner.Lesson.WaitForSelectorAsync("#session-returned", "the notice about the fresh sandbox");
        var notice = await page.Locator("#session-returned").InnerTextAsync();
        Assert.Contains("The session was closed", notice);
        Assert.Contains("files from before are gone", notice);
        learner.AssertPageHealthy("410");
    }

    private sealed class HangulMeasure
    {
        public int LoadedFaces { get; set; }
        public bool HasGlyphs { get; set; }
        public string PrimaryFont { get; set; } = "";
        public double Cell { get; set; }
        public double Hangul { get; set; }
        public double Latin { get; set; }
        public string CellWidths { get; set; } = "";
    }

    // Playwright fills results through a parameterless constructor and setters.
    private sealed class WorkspaceRef
    {
        public string Id { get; set; } = "";
        public string Token { get; set; } = "";
    }

    private sealed class CloseEvent
    {
        public int Code { get; set; }
        public string Reason { get; set; } = "";
        public int Output { get; set; }
    }
}
