using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Markdig.Syntax;

namespace Playground.Lessons;

/// <summary>
/// <c>playground lessons import killercoda DIR</c>: turns a Killercoda (or Katacoda) scenario folder into a Playground
/// lesson. The scenario format: <c>index.json</c> with <c>title</c>, <c>description</c>, <c>details.intro</c>
/// and <c>details.finish</c> (<c>text</c>, <c>background</c>, <c>foreground</c>), <c>details.steps[]</c>
/// (<c>title</c>, <c>text</c>, <c>verify</c>, <c>background</c>, <c>foreground</c>), <c>details.assets.host01[]</c>
/// (<c>file</c>, <c>target</c>, <c>chmod</c>) and <c>backend.imageid</c>; Markdown with <c>{{exec}}</c> and
/// <c>{{copy}}</c> markers, which Playground reads as they are.
/// </summary>
/// <remarks>
/// Mapping: intro → lesson.md (its background and foreground scripts → the lesson <c>setup</c>); each step →
/// NN-slug.md with its verify script as the check, its background/foreground scripts as the step <c>setup</c>, and
/// a <c>solve</c> made of the commands the step's text marks <c>{{exec}}</c> (Killercoda has no solve; the self-test
/// needs one); finish → finish.md; assets → the lesson's assets/ folder (for links) and, when the scenario copies
/// them into the machine, a setup that writes them there; imageid → an environment (kubernetes images → k8s,
/// otherwise docker when the scenario uses docker, else shell). Everything else is reported, never silently dropped.
/// </remarks>
public static partial class KillercodaImporter
{
    private const int MaxInlineAssetBytes = 64 * 1024;

    /// <summary>Converts the Killercoda scenario in <paramref name="scenarioDirectory"/> into a lesson under <paramref name="lessonsRoot"/>. Throws <see cref="KillercodaImportException"/> when the scenario cannot be read.</summary>
    public static ImportResult Import(string scenarioDirectory, string lessonsRoot, string trackId = "imported", string? lessonId = null, string? environment = null)
    {
        scenarioDirectory = Path.GetFullPath(scenarioDirectory);
        var indexFile = Path.Combine(scenarioDirectory, "index.json");
        if (!File.Exists(indexFile)) throw new KillercodaImportException($"{scenarioDirectory} has no index.json: not a Killercoda scenario folder");
        JsonElement index;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(indexFile), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            index = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new KillercodaImportException($"index.json is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }

        lessonId ??= Slug(Path.GetFileName(scenarioDirectory));
        if (!SlugPattern().IsMatch(trackId) || !SlugPattern().IsMatch(lessonId))
            throw new KillercodaImportException($"'{trackId}/{lessonId}' is not track/lesson (a-z, 0-9 and -); pass --track and --lesson");
        var lessonDirectory = Path.Combine(lessonsRoot, trackId, lessonId);
        if (Directory.Exists(lessonDirectory)) throw new KillercodaImportException($"{lessonDirectory} already exists; nothing was written");

        var notes = new List<string>();
        var details = Get(index, "details");
        var stepNodes = details is { } d && Get(d, "steps") is { ValueKind: JsonValueKind.Array } s ? s.EnumerateArray().ToList() : [];
        if (stepNodes.Count == 0) throw new KillercodaImportException("index.json has no details.steps: nothing to import");
        ReportIgnoredKeys(index, notes);

        string ReadText(string? relative, string what)
        {
            if (string.IsNullOrWhiteSpace(relative)) return "";
            var path = Path.GetFullPath(Path.Combine(scenarioDirectory, relative));
            if (!path.StartsWith(scenarioDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                notes.Add($"{what}: '{relative}' is outside the scenario folder and was not read");
                return "";
            }
            if (File.Exists(path)) return File.ReadAllText(path).ReplaceLineEndings("\n");
            notes.Add($"{what}: '{relative}' does not exist in the scenario");
            return "";
        }

        var intro = details is { } i1 ? Get(i1, "intro") : null;
        var finish = details is { } f1 ? Get(f1, "finish") : null;
        var introText = ReadText(String(intro, "text"), "intro");
        var setup = new StringBuilder();
        AppendScript(setup, ReadText(String(intro, "background"), "intro background"));
        if (ReadText(String(intro, "foreground"), "intro foreground") is { Length: > 0 } introForeground)
        {
            AppendScript(setup, introForeground);
            notes.Add("intro foreground: Killercoda runs it in the learner's terminal; here it runs as part of the lesson setup, unseen");
        }
        if (finish is { } fin && (String(fin, "background") is not null || String(fin, "foreground") is not null))
            notes.Add("finish background/foreground scripts are not run: a Playground finish page has no scripts");

        var steps = new List<(string Title, string Text, string? Verify, string Setup)>();
        for (var n = 0; n < stepNodes.Count; n++)
        {
            var node = stepNodes[n];
            var label = $"step {n + 1}";
            var stepTitle = String(node, "title") ?? $"Step {n + 1}";
            var text = ReadText(String(node, "text"), label);
            var verify = ReadText(String(node, "verify"), $"{label} verify");
            var stepSetup = new StringBuilder();
            AppendScript(stepSetup, ReadText(String(node, "background"), $"{label} background"));
            if (ReadText(String(node, "foreground"), $"{label} foreground") is { Length: > 0 } foreground)
            {
                AppendScript(stepSetup, foreground);
                notes.Add($"{label} foreground: runs as part of the step setup, not visibly in the terminal");
            }
            foreach (var key in node.EnumerateObject().Select(p => p.Name).Except(["title", "text", "verify", "background", "foreground", "code"]))
                notes.Add($"{label}: '{key}' has no Playground equivalent and was ignored");
            var check = new StringBuilder();
            AppendScript(check, verify);
            steps.Add((stepTitle, text, check.Length > 0 ? check.ToString() : null, stepSetup.ToString()));
        }

        var allText = introText + string.Concat(steps.Select(s => s.Text + s.Verify + s.Setup)) + setup;
        var imageId = Get(index, "backend") is { } backend ? String(backend, "imageid") : null;
        environment ??= EnvironmentFor(imageId, allText, notes);

        var terminals = 1;
        foreach (Match marker in Marker().Matches(allText))
        {
            var body = marker.Groups[1].Value.Trim();
            if (CodeExecution.FromAnnotation(body) is { } execution) terminals = Math.Max(terminals, execution.Terminal);
            else if (body.StartsWith("TRAFFIC_", StringComparison.Ordinal))
                notes.Add($"'{{{{{body}}}}}' (a link to a port in the machine) is left as text: use Playground's web preview and edit the link");
            else if (body.Contains("HOST2", StringComparison.OrdinalIgnoreCase) || body.Contains("host02", StringComparison.OrdinalIgnoreCase))
                notes.Add($"'{{{{{body}}}}}' targets a second machine: Playground lessons have one sandbox; the command runs in it");
            else
                notes.Add($"'{{{{{body}}}}}' is not a marker Playground knows and is shown as text");
        }

        var assetsSetup = CopyAssets(scenarioDirectory, details, lessonDirectory, notes);
        if (assetsSetup.Length > 0) setup.Insert(0, assetsSetup);

        // Everything is computed first; only now is anything written.
        var created = new List<string>();
        var trackFile = Path.Combine(lessonsRoot, trackId, TrackFileParser.FileName);
        var trackYaml = File.Exists(trackFile)
            ? TrackYamlEditor.AppendLesson(SourceText.Read(trackFile), lessonId)
            : $"title: {{en: Imported, ko: 가져온 레슨}}\ndescription: {{en: \"Lessons imported from Killercoda scenarios.\", ko: \"Killercoda 시나리오에서 가져온 레슨.\"}}\norder: 900\nlessons: [{lessonId}]\n";
        Directory.CreateDirectory(lessonDirectory);
        if (Directory.Exists(Path.Combine(scenarioDirectory, "assets")))
            created.AddRange(CopyFolder(Path.Combine(scenarioDirectory, "assets"), Path.Combine(lessonDirectory, "assets")));

        var title = String(index, "title") ?? lessonId;
        var lesson = new StringBuilder("---\n");
        lesson.Append("title: ").Append(Quote(title)).Append('\n');
        lesson.Append("summary: ").Append(Quote(String(index, "description") is { Length: > 0 } description ? OneLine(description) : $"Imported from the Killercoda scenario '{title}'.")).Append('\n');
        lesson.Append("level: ").Append(Level(String(index, "difficulty"))).Append('\n');
        lesson.Append("duration: ").Append(Minutes(String(index, "time"))).Append('\n');
        lesson.Append("environment: ").Append(environment).Append('\n');
        if (terminals > 1) lesson.Append("terminals: [").Append(string.Join(", ", Enumerable.Range(1, terminals).Select(t => t == 1 ? "main" : $"t{t}"))).Append("]\n");
        if (setup.Length > 0) lesson.Append(Block("setup", setup.ToString(), 0));
        lesson.Append("---\n").Append(introText.Length > 0 ? introText : $"{title}\n");
        created.Add(Write(lessonDirectory, "lesson.md", lesson.ToString()));

        for (var n = 0; n < steps.Count; n++)
        {
            var (stepTitle, text, verify, stepSetup) = steps[n];
            var yaml = new StringBuilder("---\n");
            yaml.Append("title: ").Append(Quote(stepTitle)).Append('\n');
            if (stepSetup.Length > 0) yaml.Append(Block("setup", stepSetup, 0));
            if (verify is not null)
            {
                yaml.Append("checks:\n  - id: verify\n").Append(Block("run", verify, 4));
                yaml.Append("    fail: The task of this step is not done yet. Follow the instructions, then press **Check** again.\n");
                var solve = ExecCommands(text);
                if (solve.Count > 0) yaml.Append(Block("solve", string.Join("\n", solve) + "\n", 0));
                else
                {
                    yaml.Append("solve: |\n  echo 'TODO: write the commands that complete this step' >&2; exit 1\n");
                    notes.Add($"step {n + 1}: its text marks no command with {{{{exec}}}}, so 'solve' is a placeholder: write it, or the self-test fails");
                }
            }
            yaml.Append("---\n").Append(text);
            created.Add(Write(lessonDirectory, $"{n + 1:00}-{StepSlug(stepTitle, n + 1)}.md", yaml.ToString()));
        }

        var finishText = ReadText(String(finish, "text"), "finish");
        if (finishText.Length > 0) created.Add(Write(lessonDirectory, "finish.md", finishText));

        Directory.CreateDirectory(Path.GetDirectoryName(trackFile)!);
        var trackExisted = File.Exists(trackFile);
        File.WriteAllText(trackFile, trackYaml);
        if (!trackExisted) created.Add(trackFile);
        return new ImportResult(lessonDirectory, environment, created, trackFile, notes);
    }

    private static void ReportIgnoredKeys(JsonElement index, List<string> notes)
    {
        foreach (var property in index.EnumerateObject())
        {
            switch (property.Name)
            {
                case "title" or "description" or "details" or "backend" or "difficulty" or "time":
                    break;
                case "interface":
                    notes.Add("interface (layout, IDE): Playground always shows the lesson beside its terminal(s)");
                    break;
                default:
                    notes.Add($"'{property.Name}' in index.json has no Playground equivalent and was ignored");
                    break;
            }
        }
        if (Get(index, "details") is { } details)
        {
            foreach (var property in details.EnumerateObject().Where(p => p.Name is not ("intro" or "steps" or "finish" or "assets")))
                notes.Add($"details.{property.Name} has no Playground equivalent and was ignored");
        }
    }

    private static string EnvironmentFor(string? imageId, string text, List<string> notes)
    {
        var image = imageId ?? "";
        if (image.StartsWith("kubernetes", StringComparison.OrdinalIgnoreCase) || image.StartsWith("k3s", StringComparison.OrdinalIgnoreCase))
        {
            notes.Add($"backend.imageid '{image}' → environment k8s (one k3s node per learner; multi-node scenarios need editing)");
            return "k8s";
        }
        var usesDocker = DockerCommand().IsMatch(text);
        var environment = usesDocker ? "docker" : "shell";
        notes.Add($"backend.imageid '{(image.Length == 0 ? "(none)" : image)}' → environment {environment} ({(usesDocker ? "the scenario runs docker" : "no docker command in the scenario")}); scripts ran as root on Killercoda{(usesDocker ? "" : ", here as the user 'learner' in its home folder")}");
        return environment;
    }

    /// <summary>details.assets.host01[] = {file, target, chmod}: files written into the sandbox by the lesson setup.</summary>
    private static string CopyAssets(string scenarioDirectory, JsonElement? details, string lessonDirectory, List<string> notes)
    {
        if (details is not { } d || Get(d, "assets") is not { ValueKind: JsonValueKind.Object } assets) return "";
        var script = new StringBuilder();
        foreach (var host in assets.EnumerateObject())
        {
            if (host.Name != "host01")
            {
                notes.Add($"assets for '{host.Name}' were not copied: a Playground lesson has one sandbox");
                continue;
            }
            if (host.Value.ValueKind != JsonValueKind.Array) continue;
            foreach (var entry in host.Value.EnumerateArray())
            {
                var pattern = String(entry, "file") ?? "";
                var target = String(entry, "target") ?? "~";
                if (target == "/root" || target.StartsWith("/root/", StringComparison.Ordinal)) target = "~" + target["/root".Length..];
                var chmod = String(entry, "chmod");
                var root = Path.Combine(scenarioDirectory, "assets");
                var files = Directory.Exists(root)
                    ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                        .Where(f => GlobMatch(pattern, Path.GetRelativePath(root, f).Replace('\\', '/'))).Order(StringComparer.Ordinal).ToList()
                    : [];
                if (files.Count == 0) notes.Add($"assets: '{pattern}' matches no file in assets/");
                foreach (var file in files)
                {
                    var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                    var bytes = File.ReadAllBytes(file);
                    if (bytes.Length > MaxInlineAssetBytes)
                    {
                        notes.Add($"assets: {relative} ({bytes.Length} bytes) is too large to write from the setup script: it is in the lesson's assets/ folder; copy it into the sandbox another way");
                        continue;
                    }
                    // Killercoda copies each matching file into the target folder under its own name.
                    var destination = $"{ShellPath(target.TrimEnd('/'))}/{ShellQuote(Path.GetFileName(file))}";
                    script.Append($"mkdir -p \"$(dirname {destination})\"\n");
                    script.Append($"base64 -d > {destination} <<'PLAYGROUND_ASSET'\n{Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks).Replace("\r", "")}\nPLAYGROUND_ASSET\n");
                    if (chmod is { Length: > 0 } && ChmodPattern().IsMatch(chmod)) script.Append($"chmod {chmod} {destination}\n");
                }
            }
        }
        return script.ToString();
    }

    /// <summary>The commands a learner is told to run: fenced blocks and inline code marked {{exec}}, in order.</summary>
    internal static List<string> ExecCommands(string markdown)
    {
        var document = LessonMarkdown.Parse(markdown);
        var commands = new List<(int Line, int Column, string Command)>();
        foreach (var block in document.Descendants<Markdig.Syntax.FencedCodeBlock>())
        {
            var info = CodeBlockInfo.Parse(block.Info, block.Arguments);
            if (info.Execution.Action == CodeAction.Run && !info.Execution.Interrupt)
                commands.Add((block.Line, block.Column, block.Lines.ToString().TrimEnd('\n')));
        }
        foreach (var code in document.Descendants<Markdig.Syntax.Inlines.CodeInline>())
        {
            var execution = InlineExecAnnotations.ExecutionOf(code);
            if (execution.Action == CodeAction.Run && !execution.Interrupt) commands.Add((code.Line, code.Column, code.Content));
        }
        return commands.OrderBy(c => c.Line).ThenBy(c => c.Column).Select(c => c.Command).ToList();
    }

    private static IEnumerable<string> CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            yield return destination;
        }
    }

    private static string Write(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.Write(content.EndsWith('\n') ? content : content + "\n");
        return path;
    }

    private static void AppendScript(StringBuilder target, string script)
    {
        if (string.IsNullOrWhiteSpace(script)) return;
        // A shebang line means nothing inside a Playground script (they always run with bash).
        var lines = script.TrimEnd('\n').Split('\n').Where((l, i) => !(i == 0 && l.StartsWith("#!", StringComparison.Ordinal)));
        foreach (var line in lines) target.Append(line).Append('\n');
    }

    /// <summary>A YAML literal block <c>key: |</c> at <paramref name="indent"/> spaces; an indentation indicator when the first line starts with a space.</summary>
    private static string Block(string key, string text, int indent)
    {
        var pad = new string(' ', indent);
        var lines = text.TrimEnd('\n').Split('\n');
        var indicator = lines.Length > 0 && lines[0].StartsWith(' ') ? "2" : "";
        var result = new StringBuilder($"{pad}{key}: |{indicator}\n");
        foreach (var line in lines) result.Append(line.Length == 0 ? "" : pad + "  " + line).Append('\n');
        return result.ToString();
    }

    private static string Quote(string text) => JsonSerializer.Serialize(OneLine(text), ImportJson.Default.String);

    private static string OneLine(string text) => WhiteSpace().Replace(text.Trim(), " ");

    private static string Level(string? difficulty) => difficulty?.Trim().ToLowerInvariant() switch
    {
        "intermediate" or "medium" => LessonLevels.Intermediate,
        "advanced" or "hard" or "expert" => LessonLevels.Advanced,
        _ => LessonLevels.Beginner,
    };

    private static int Minutes(string? time) =>
        time is not null && Number().Match(time) is { Success: true } m && int.TryParse(m.Value, out var minutes) && minutes is > 0 and < 10_000 ? minutes : 15;

    private static string StepSlug(string title, int number) => Slug(title) is { Length: > 0 } slug ? slug : $"step-{number}";

    private static string Slug(string text)
    {
        var slug = NonSlug().Replace(text.ToLowerInvariant(), "-").Trim('-');
        if (slug.Length > 40) slug = slug[..40].TrimEnd('-');
        return slug.Length > 0 && char.IsAsciiLetterOrDigit(slug[0]) ? slug : "";
    }

    private static string ShellPath(string target) =>
        target == "~" ? "~" : target.StartsWith("~/", StringComparison.Ordinal) ? "~/" + ShellQuote(target[2..]) : ShellQuote(target);

    private static string ShellQuote(string text) => SafeShellWord().IsMatch(text) ? text : "'" + text.Replace("'", "'\\''") + "'";

    private static bool GlobMatch(string pattern, string path) =>
        pattern is "" or "*" or "**" or "**/*"
        || Regex.IsMatch(path, "^" + Regex.Escape(pattern).Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");

    private static JsonElement? Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement? element, string name) =>
        element is { } e && Get(e, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    [GeneratedRegex(@"\{\{([^}]*)\}\}")]
    private static partial Regex Marker();

    [GeneratedRegex(@"(^|[\s;|&(`$])docker\s+[a-z]", RegexOptions.Multiline)]
    private static partial Regex DockerCommand();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"^[A-Za-z0-9_./-]+$")]
    private static partial Regex SafeShellWord();

    [GeneratedRegex(@"^([0-7]{3,4}|[ugoa]*[+-=][rwxX]+)$")]
    private static partial Regex ChmodPattern();
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ImportJson : System.Text.Json.Serialization.JsonSerializerContext;
