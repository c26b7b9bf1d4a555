namespace Playground.Lessons;

/// <summary>Reads one lesson folder: lesson.md, the numbered steps, finish.md, and every translation.</summary>
internal static class LessonLoader
{
    public static LessonLoadResult Load(string directory, string trackId)
    {
        var diagnostics = new DiagnosticBag();
        var translationDiagnostics = new DiagnosticBag();
        var scripts = new List<LessonScript>();
        var sources = new List<MarkdownSource>();
        var files = LessonFiles.Scan(directory, diagnostics);

        if (files.LessonFile is null)
        {
            diagnostics.Error(Path.Combine(directory, "lesson.md"), 1, "the lesson folder has no lesson.md");
            return new LessonLoadResult(directory, null, diagnostics.Items, null, scripts, sources);
        }

        var header = LessonFileParser.Parse(files.LessonFile, Path.GetFileName(directory), diagnostics);
        if (header is not null)
        {
            sources.Add(new MarkdownSource(files.LessonFile, header.Intro.Body, header.Intro.BodyLine, MarkdownPlace.Intro, LessonLanguages.Base));
            if (header.Setup is not null) scripts.Add(header.Setup);
        }

        var steps = ParseSteps(files, directory, diagnostics);
        foreach (var step in steps)
        {
            sources.AddRange(step.Sources);
            if (step.Setup is not null) scripts.Add(step.Setup);
            scripts.AddRange(step.Checks.Conditions.Select(c => c.Run));
            if (step.Solve is not null) scripts.Add(step.Solve);
            if (step.Cleanup is not null) scripts.Add(step.Cleanup);
            if (header?.Environment == Lesson.NoEnvironment && !step.Checks.IsEmpty)
                diagnostics.Error(step.Name.Path, step.ChecksLine, "checks need a terminal, but this lesson has environment: none (use a quiz, or set an environment)");
        }

        LessonPage? finish = null;
        if (files.FinishFile is not null)
        {
            finish = FinishFileParser.Parse(files.FinishFile, LessonLanguages.Base, diagnostics);
            if (finish is not null) sources.Add(new MarkdownSource(finish.File, finish.Body, finish.BodyLine, MarkdownPlace.Finish, LessonLanguages.Base));
        }

        var translations = LoadTranslations(files, steps, translationDiagnostics, sources);
        var all = diagnostics.Items.Concat(translationDiagnostics.Items).ToList();
        if (header is null || diagnostics.HasErrors)
            return new LessonLoadResult(directory, null, all, header, scripts, sources);

        var title = LocalizedText.Of(header.Title);
        var summary = LocalizedText.Of(header.Summary);
        var intro = new Dictionary<string, LessonPage> { [LessonLanguages.Base] = header.Intro };
        var finishPages = new Dictionary<string, LessonPage>();
        if (finish is not null) finishPages[LessonLanguages.Base] = finish;
        var languages = new List<string> { LessonLanguages.Base };
        foreach (var translation in translations.Lessons)
        {
            languages.Add(translation.Language);
            if (translation.Title is { Length: > 0 }) title = title.With(translation.Language, translation.Title);
            if (translation.Summary is { Length: > 0 }) summary = summary.With(translation.Language, translation.Summary);
            if (translation.Intro is not null) intro[translation.Language] = translation.Intro;
        }
        foreach (var page in translations.Finishes) finishPages[page.Language] = page;

        var lessonSteps = steps.Select(step =>
        {
            var texts = new Dictionary<string, StepText> { [LessonLanguages.Base] = step.Text };
            foreach (var text in translations.Steps.Where(t => t.Number == step.Name.Number)) texts[text.Text.Language] = text.Text;
            return step.ToStep(texts);
        }).ToList();

        var lesson = new Lesson(
            header.Id, trackId, directory, files.LessonFile, title, summary, header.Level, header.DurationMinutes,
            header.Environment, header.Terminals, header.Tags, header.Setup, header.ShowSolution,
            intro, lessonSteps, finishPages, languages);
        return new LessonLoadResult(directory, lesson, all, header, scripts, sources);
    }

    private static List<ParsedStep> ParseSteps(LessonFiles files, string directory, DiagnosticBag diagnostics)
    {
        if (files.Steps.Count == 0)
        {
            diagnostics.Error(files.LessonFile!, 1, "the lesson has no steps: add 01-first-step.md next to lesson.md");
            return [];
        }

        var byNumber = files.Steps.GroupBy(s => s.Number).OrderBy(g => g.Key).ToList();
        foreach (var group in byNumber.Where(g => g.Count() > 1))
        {
            var names = group.Select(s => s.FileName).ToList();
            foreach (var extra in group.Skip(1))
                diagnostics.Error(extra.Path, 1, $"step number {group.Key:00} is used twice ({string.Join(" and ", names)}): each step needs its own number");
        }

        var expected = 1;
        foreach (var group in byNumber)
        {
            var file = group.First();
            if (group.Key == 0)
            {
                diagnostics.Error(file.Path, 1, "steps are numbered from 01, not 00");
                continue;
            }
            if (group.Key > expected)
            {
                var missing = group.Key - expected == 1 ? $"{expected:00}" : $"{expected:00} to {group.Key - 1:00}";
                diagnostics.Error(file.Path, 1, $"step {missing} is missing before {file.FileName}: steps are numbered 01, 02, 03... without gaps");
            }
            expected = group.Key + 1;
        }

        var parsed = new List<ParsedStep>();
        foreach (var group in byNumber.Where(g => g.Key > 0))
        {
            var step = StepFileParser.Parse(group.First(), diagnostics);
            if (step is not null) parsed.Add(step);
        }
        return parsed;
    }

    private sealed record TranslatedStep(int Number, StepText Text);

    private sealed record Translations(List<LessonTranslation> Lessons, List<TranslatedStep> Steps, List<LessonPage> Finishes);

    private static Translations LoadTranslations(LessonFiles files, List<ParsedStep> steps, DiagnosticBag diagnostics, List<MarkdownSource> sources)
    {
        var result = new Translations([], [], []);
        foreach (var language in files.TranslationLanguages)
        {
            var languageName = LessonLanguages.DisplayName(language);
            if (files.LessonTranslations.TryGetValue(language, out var lessonFile))
            {
                var bag = new DiagnosticBag();
                var translation = LessonTranslationParser.Parse(lessonFile, language, bag);
                diagnostics.AddRange(bag.Items);
                if (translation is not null && !bag.HasErrors)
                {
                    result.Lessons.Add(translation);
                    if (translation.Intro is not null)
                        sources.Add(new MarkdownSource(lessonFile, translation.Intro.Body, translation.Intro.BodyLine, MarkdownPlace.Intro, language));
                }
            }
            else
            {
                var first = files.StepTranslations.FirstOrDefault(s => s.Language == language)?.Path ?? files.FinishTranslations[language];
                diagnostics.Warning(first, 1, $"there is no lesson.{language}.md, so the catalog does not offer this lesson in {languageName}");
            }

            foreach (var name in files.StepTranslations.Where(s => s.Language == language))
            {
                var english = steps.FirstOrDefault(s => s.Name.Number == name.Number && s.Name.Slug == name.Slug);
                if (english is null)
                {
                    // The English step exists but could not be read: its own error says why; blaming the
                    // translation too would send the author looking for a missing file.
                    if (files.Steps.Any(s => s.Number == name.Number && s.Slug == name.Slug)) continue;
                    diagnostics.Error(name.Path, 1, $"{name.FileName} translates {name.BaseFileName}, which does not exist: the translated steps must be the same as the English ones");
                    continue;
                }
                var bag = new DiagnosticBag();
                var parsed = StepTranslationParser.Parse(name, english, bag);
                diagnostics.AddRange(bag.Items);
                if (parsed is null || bag.HasErrors) continue;
                result.Steps.Add(new TranslatedStep(name.Number, parsed.Value.Text));
                sources.AddRange(parsed.Value.Sources);
            }

            if (files.LessonTranslations.ContainsKey(language))
            {
                foreach (var step in steps.Where(s => !files.StepTranslations.Any(t => t.Language == language && t.Number == s.Name.Number && t.Slug == s.Name.Slug)))
                    diagnostics.Warning(step.Name.Path, 1, $"{step.Name.FileName} has no {languageName} translation ({step.Name.Number:00}-{step.Name.Slug}.{language}.md): English is shown with a notice");
            }

            if (files.FinishTranslations.TryGetValue(language, out var finishFile))
            {
                if (files.FinishFile is null)
                {
                    diagnostics.Error(finishFile, 1, $"finish.{language}.md translates finish.md, which does not exist");
                    continue;
                }
                var bag = new DiagnosticBag();
                var page = FinishFileParser.Parse(finishFile, language, bag);
                diagnostics.AddRange(bag.Items);
                if (page is null || bag.HasErrors) continue;
                result.Finishes.Add(page);
                sources.Add(new MarkdownSource(finishFile, page.Body, page.BodyLine, MarkdownPlace.Finish, language));
            }
        }
        return result;
    }
}
