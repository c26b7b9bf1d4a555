namespace Playground.Lessons.Tests;

public class CatalogTests
{
    [Fact]
    public void Tracks_are_ordered_by_order_then_id_and_lessons_by_track_yaml()
    {
        using var temp = new TempLessons();
        temp.Write("b/track.yaml", "title: B\norder: 1\nlessons: [second, first]\n");
        temp.Write("a/track.yaml", "title: {en: A, ko: 에이}\norder: 2\nlessons: [only]\n");
        foreach (var lesson in new[] { "b/first", "b/second", "a/only" })
        {
            temp.Write($"{lesson}/lesson.md", "---\ntitle: X\nsummary: S\nduration: 1\nenvironment: none\n---\n");
            temp.Write($"{lesson}/01-read.md", "---\ntitle: Read\n---\nText\n");
        }

        var catalog = new LessonCatalog(temp.Root);

        Assert.Empty(catalog.Problems);
        Assert.Equal(["b", "a"], catalog.Tracks.Select(t => t.Id));
        Assert.Equal(["second", "first"], catalog.Tracks[0].Lessons.Select(l => l.Id));
        Assert.Equal("에이", catalog.FindTrack("a")!.Title.Get("ko"));
        Assert.Equal("A", catalog.FindTrack("a")!.Title.Get("ja"));
        Assert.NotNull(catalog.Find("a", "only"));
        Assert.NotNull(catalog.Find("a/only"));
        Assert.Null(catalog.Find("a", "missing"));
        Assert.Null(catalog.Find("zzz/only"));
    }

    [Fact]
    public void Missing_root_is_a_problem_not_an_exception()
    {
        var catalog = new LessonCatalog(Path.Combine(Path.GetTempPath(), "pg-no-such-" + Guid.NewGuid().ToString("N")));
        Assert.Empty(catalog.Tracks);
        Assert.Contains(catalog.Problems, p => p.Message.Contains("does not exist"));
    }

    [Fact]
    public void Reload_swaps_in_a_new_snapshot_and_picks_up_fixes()
    {
        using var temp = new TempLessons();
        temp.CopyFrom(TestPaths.GoodCorpus);
        temp.Write("t/track.yaml", "title: T\nlessons: [l]\n");
        temp.Write("t/l/lesson.md", "---\ntitle: L\nenvironment: none\nbogus: 1\n---\n");
        temp.Write("t/l/01-a.md", "---\ntitle: A\n---\nA\n");

        var catalog = new LessonCatalog(temp.Root);
        var before = catalog.Snapshot;
        Assert.Null(catalog.Find("t/l"));
        Assert.Contains(catalog.Problems, p => p.Message.Contains("unknown key 'bogus'"));

        CatalogSnapshot? raised = null;
        catalog.Reloaded += (_, s) => raised = s;
        temp.Write("t/l/lesson.md", "---\ntitle: L\nsummary: S\nduration: 1\nenvironment: none\n---\n");
        var after = catalog.Reload();

        Assert.Same(after, raised);
        Assert.Same(after, catalog.Snapshot);
        Assert.True(after.Version > before.Version);
        Assert.NotNull(catalog.Find("t/l"));
        Assert.Null(before.Find("t/l"));
        Assert.DoesNotContain(catalog.Problems, p => p.IsError);
    }

    [Fact]
    public async Task Concurrent_reloads_and_reads_never_see_a_partial_catalog()
    {
        using var temp = new TempLessons();
        temp.CopyFrom(TestPaths.GoodCorpus);
        var catalog = new LessonCatalog(temp.Root);
        var token = TestContext.Current.CancellationToken;
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
                Assert.Equal(2, catalog.Find("good-track/ok-lesson")!.Steps.Count);
        }, token));
        var reloaders = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10; i++) catalog.Reload();
        }, token));
        await Task.WhenAll(readers.Concat(reloaders));
        Assert.Equal(21, catalog.Snapshot.Version);
    }

    [Fact]
    public void Unreadable_lesson_folder_is_skipped_and_reported()
    {
        using var temp = new TempLessons();
        temp.CopyFrom(TestPaths.GoodCorpus);
        temp.Write("t/track.yaml", "title: T\nlessons: [l, m]\n");
        temp.Write("t/l/lesson.md", "not front matter at all\n");
        temp.Write("t/l/01-a.md", "---\ntitle: A\n---\n");
        temp.Write("t/m/lesson.md", "---\ntitle: M\nsummary: S\nduration: 1\nenvironment: none\n---\n");
        temp.Write("t/m/01-a.md", "---\ntitle: A\n---\n");

        var catalog = new LessonCatalog(temp.Root);

        Assert.Null(catalog.Find("t/l"));
        Assert.NotNull(catalog.Find("t/m"));
        Assert.NotNull(catalog.Find("good-track/ok-lesson"));
        var problem = Assert.Single(catalog.Problems, p => p.IsError);
        Assert.EndsWith("t/l/lesson.md", problem.File);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public async Task Watcher_reloads_and_raises_changed_for_the_edited_lesson()
    {
        using var temp = new TempLessons();
        temp.CopyFrom(TestPaths.GoodCorpus);
        var catalog = new LessonCatalog(temp.Root);
        using var watcher = new LessonWatcher(catalog);
        var changed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Changed += (_, e) => changed.TrySetResult(e.Key);
        watcher.Start();

        var step = temp.PathOf("good-track/ok-lesson/01-make-file.md");
        await File.WriteAllTextAsync(step, (await File.ReadAllTextAsync(step, TestContext.Current.CancellationToken)).Replace("title: Make a file", "title: Make the file"), TestContext.Current.CancellationToken);

        var key = await changed.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal("good-track/ok-lesson", key);
        Assert.Equal("Make the file", catalog.Find(key)!.Steps[0].BaseText.Title);
    }

    [Fact]
    public async Task Watcher_reports_track_yaml_changes_as_the_track()
    {
        using var temp = new TempLessons();
        temp.CopyFrom(TestPaths.GoodCorpus);
        var catalog = new LessonCatalog(temp.Root);
        using var watcher = new LessonWatcher(catalog, debounce: TimeSpan.FromMilliseconds(50));
        var changed = new TaskCompletionSource<LessonChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Changed += (_, e) => changed.TrySetResult(e);
        watcher.Start();

        var track = temp.PathOf("good-track/track.yaml");
        await File.WriteAllTextAsync(track, (await File.ReadAllTextAsync(track, TestContext.Current.CancellationToken)).Replace("Good track", "Better track"), TestContext.Current.CancellationToken);

        var e = await changed.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal("good-track", e.Key);
        Assert.True(e.IsTrack);
        Assert.Equal("Better track", catalog.FindTrack("good-track")!.Title.Get("en"));
    }
}
