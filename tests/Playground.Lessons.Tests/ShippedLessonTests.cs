using System.Text.RegularExpressions;

namespace Playground.Lessons.Tests;

/// <summary>Facts about the shipped curriculum that the validator does not check on its own.</summary>
public partial class ShippedLessonTests
{
    [Fact]
    public void Every_link_to_another_lesson_points_at_an_existing_lesson()
    {
        var catalog = new LessonCatalog(TestPaths.LessonsRoot);
        var links = Directory.EnumerateFiles(TestPaths.LessonsRoot, "*.md", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "README.md")
            .SelectMany(f => LessonLink().Matches(File.ReadAllText(f)).Select(m => (File: f, Key: m.Groups[1].Value)))
            .ToList();
        Assert.NotEmpty(links);
        foreach (var (file, key) in links)
            Assert.True(catalog.Find(key) is not null, $"{file} links to /lessons/{key}, which is not in the catalog");
    }

    [Fact]
    public void Every_finish_page_of_a_lesson_with_a_successor_links_to_it()
    {
        var catalog = new LessonCatalog(TestPaths.LessonsRoot);
        var order = catalog.Tracks.SelectMany(t => t.Lessons).ToList();
        for (var i = 0; i + 1 < order.Count; i++)
        {
            foreach (var language in order[i].Languages)
            {
                if (order[i].FinishPage(language) is not { } finish) continue;
                // The getting-started lesson sends learners to the catalog to choose a track instead.
                Assert.True(finish.Body.Contains($"](/lessons/{order[i + 1].Key})", StringComparison.Ordinal)
                            || (order[i].TrackId == "getting-started" && finish.Body.Contains("](/)", StringComparison.Ordinal)),
                    $"{finish.File} does not link to the next lesson /lessons/{order[i + 1].Key}");
            }
        }
    }

    [Fact]
    public void Korean_texts_name_the_buttons_as_the_Korean_page_shows_them()
    {
        // web/public/js/i18n.js: check.button = 확인, check.showSolution = 정답 보기.
        foreach (var file in Directory.EnumerateFiles(TestPaths.LessonsRoot, "*.ko.md", SearchOption.AllDirectories))
        {
            var text = CodeSpan().Replace(File.ReadAllText(file), "");
            Assert.False(EnglishButton().IsMatch(text), $"{file} names an English button: {EnglishButton().Match(text).Value}");
        }
    }

    [GeneratedRegex(@"\]\(/lessons/([a-z0-9-]+/[a-z0-9-]+)\)")]
    private static partial Regex LessonLink();

    [GeneratedRegex(@"\*\*(Check|Run|Copy|Next|Submit|Show solution)\*\*|\b(Check|Show solution)\b")]
    private static partial Regex EnglishButton();

    [GeneratedRegex(@"`[^`\n]*`|^\s+(run|solve|setup):.*$", RegexOptions.Multiline)]
    private static partial Regex CodeSpan();
}
