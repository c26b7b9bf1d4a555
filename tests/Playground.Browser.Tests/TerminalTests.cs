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
