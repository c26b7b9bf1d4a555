namespace Playground.Progress.Tests;

public class ProgressStoreTests
{
    private const string Lesson = "docker/first-container";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_learner_is_created_once_and_its_language_kept()
    {
        using var db = new TempDatabase();
        var time = new SettableTime(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var store = db.OpenStore(time);
        var id = LearnerIds.New();

        var created = await store.GetOrCreateLearnerAsync(id, Ct);
        Assert.Equal(id, created.Id);
        Assert.Null(created.Language);
        Assert.Equal(time.Now, created.CreatedAt);

        time.Now = time.Now.AddHours(1);
        await store.SetLanguageAsync(id, "ko", Ct);
        var again = await store.GetOrCreateLearnerAsync(id, Ct);

        Assert.Equal("ko", again.Language);
        Assert.Equal(created.CreatedAt, again.CreatedAt);
        Assert.Equal(time.Now, again.LastSeenAt);
        Assert.Equal(1L, db.Scalar("SELECT COUNT(*) FROM learners;"));
    }

    [Fact]
    public async Task Progress_survives_reopening_the_store()
    {
        using var db = new TempDatabase();
        var id = LearnerIds.New();
        await using (var store = db.OpenStore())
        {
            await store.StartLessonAsync(id, Lesson, Ct);
            await store.RecordCheckAsync(id, Lesson, 1, passed: false, Ct);
            await store.RecordCheckAsync(id, Lesson, 1, passed: true, Ct);
            await store.RevealHintAsync(id, Lesson, 2, hintCount: 3, Ct);
            await store.RecordQuizAnswerAsync(id, Lesson, 3, "q1", "[0,2]", correct: true, Ct);
            await store.MarkStepPassedAsync(id, Lesson, 3, Ct);
            await store.SetLanguageAsync(id, "en", Ct);
        }

        await using var reopened = db.OpenStore();
        var progress = await reopened.GetLessonProgressAsync(id, Lesson, Ct);

        Assert.NotNull(progress.StartedAt);
        Assert.Equal(new StepProgress(1, 2, 1, progress.Steps[1].PassedAt, 0), progress.Steps[1]);
        Assert.NotNull(progress.Steps[1].PassedAt);
        Assert.Equal(1, progress.Steps[2].HintsRevealed);
        Assert.False(progress.Steps[2].Passed);
        Assert.True(progress.Steps[3].Passed);
        Assert.Equal(2, progress.CurrentStep(totalSteps: 3));
        Assert.Equal("en", (await reopened.GetOrCreateLearnerAsync(id, Ct)).Language);
        Assert.Equal("[0,2]", db.Scalar("SELECT answer_json FROM quiz_answers WHERE question_id = 'q1';"));
    }

    [Fact]
    public async Task Starting_a_lesson_twice_keeps_the_first_start_time()
    {
        using var db = new TempDatabase();
        var time = new SettableTime(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var store = db.OpenStore(time);
        var id = LearnerIds.New();

        await store.StartLessonAsync(id, Lesson, Ct);
        var first = time.Now;
        time.Now = time.Now.AddDays(1);
        await store.StartLessonAsync(id, Lesson, Ct);

        Assert.Equal(first, (await store.GetLessonProgressAsync(id, Lesson, Ct)).StartedAt);
    }

    [Fact]
    public async Task A_pass_is_never_unset_and_reported_as_first_only_once()
    {
        using var db = new TempDatabase();
        var time = new SettableTime(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var store = db.OpenStore(time);
        var id = LearnerIds.New();

        var failed = await store.RecordCheckAsync(id, Lesson, 1, passed: false, Ct);
        Assert.Equal(new StepAttempt(1, 1, 1, null, FirstPass: false), failed);

        var passedAt = time.Now = time.Now.AddMinutes(1);
        var passed = await store.RecordCheckAsync(id, Lesson, 1, passed: true, Ct);
        Assert.Equal(new StepAttempt(1, 2, 1, passedAt, FirstPass: true), passed);

        time.Now = time.Now.AddMinutes(1);
        var failedLater = await store.RecordCheckAsync(id, Lesson, 1, passed: false, Ct);
        Assert.Equal(new StepAttempt(1, 3, 2, passedAt, FirstPass: false), failedLater);

        var passedAgain = await store.RecordCheckAsync(id, Lesson, 1, passed: true, Ct);
        Assert.Equal(new StepAttempt(1, 4, 2, passedAt, FirstPass: false), passedAgain);
    }

    [Fact]
    public async Task Marking_a_step_passed_is_idempotent_and_does_not_count_an_attempt()
    {
        using var db = new TempDatabase();
        var time = new SettableTime(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var store = db.OpenStore(time);
        var id = LearnerIds.New();

        await store.MarkStepPassedAsync(id, Lesson, 2, Ct);
        var first = time.Now;
        time.Now = time.Now.AddMinutes(5);
        await store.MarkStepPassedAsync(id, Lesson, 2, Ct);
        var check = await store.RecordCheckAsync(id, Lesson, 2, passed: true, Ct);

        Assert.False(check.FirstPass);
        Assert.Equal(first, check.PassedAt);
        var step = (await store.GetLessonProgressAsync(id, Lesson, Ct)).Steps[2];
        Assert.Equal(new StepProgress(2, 1, 0, first, 0), step);
    }

    [Fact]
    public async Task Hints_are_revealed_one_at_a_time_up_to_the_hint_count()
    {
        using var db = new TempDatabase();
        await using var store = db.OpenStore();
        var id = LearnerIds.New();

        var revealed = new List<int>();
        for (var i = 0; i < 5; i++) revealed.Add(await store.RevealHintAsync(id, Lesson, 1, hintCount: 2, Ct));

        Assert.Equal([1, 2, 2, 2, 2], revealed);
        Assert.Equal(0, await store.RevealHintAsync(id, Lesson, 4, hintCount: 0, Ct));
        // The author shortened the list to one hint: the learner sees that one, and the stored count is kept.
        Assert.Equal(1, await store.RevealHintAsync(id, Lesson, 1, hintCount: 1, Ct));
        Assert.Equal(2, await store.RevealHintAsync(id, Lesson, 1, hintCount: 2, Ct));
        Assert.Equal(3, await store.RevealHintAsync(id, Lesson, 1, hintCount: 3, Ct));
    }

    [Fact]
    public async Task Parallel_checks_are_counted_atomically()
    {
        using var db = new TempDatabase();
        await using var store = db.OpenStore();
        var id = LearnerIds.New();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => store.RecordCheckAsync(id, Lesson, 1, passed: i % 4 == 0, Ct), Ct)));

        var step = (await store.GetLessonProgressAsync(id, Lesson, Ct)).Steps[1];
        Assert.Equal(200, step.Attempts);
        Assert.Equal(150, step.Failures);
        Assert.Equal(Enumerable.Range(1, 200), results.Select(r => r.Attempts).Order());
        Assert.Single(results, r => r.FirstPass);
    }

    [Fact]
    public async Task Two_hundred_learners_work_at_once()
    {
        using var db = new TempDatabase();
        await using var store = db.OpenStore();
        var learners = Enumerable.Range(0, 200).Select(_ => LearnerIds.New()).ToList();

        await Task.WhenAll(learners.Select(id => Task.Run(async () =>
        {
            await store.GetOrCreateLearnerAsync(id, Ct);
            await store.StartLessonAsync(id, Lesson, Ct);
            await store.RecordCheckAsync(id, Lesson, 1, passed: false, Ct);
            await store.RevealHintAsync(id, Lesson, 1, hintCount: 3, Ct);
            await store.RecordCheckAsync(id, Lesson, 1, passed: true, Ct);
            await store.RecordQuizAnswerAsync(id, Lesson, 2, "q1", "\"EC2\"", correct: true, Ct);
            await store.MarkStepPassedAsync(id, Lesson, 2, Ct);
            return await store.GetLessonProgressAsync(id, Lesson, Ct);
        }, Ct)));

        foreach (var id in learners)
        {
            var progress = await store.GetLessonProgressAsync(id, Lesson, Ct);
            Assert.Equal(new StepProgress(1, 2, 1, progress.Steps[1].PassedAt, 1), progress.Steps[1]);
            Assert.Equal(3, progress.CurrentStep(totalSteps: 2));
        }
        Assert.Equal(200L, db.Scalar("SELECT COUNT(*) FROM learners;"));
        Assert.Equal(200L, db.Scalar("SELECT COUNT(*) FROM quiz_answers;"));
    }

    [Fact]
    public async Task All_progress_lists_every_touched_lesson_in_key_order()
    {
        using var db = new TempDatabase();
        await using var store = db.OpenStore();
        var id = LearnerIds.New();
        var other = LearnerIds.New();

        await store.StartLessonAsync(id, "linux/files", Ct);
        await store.RecordCheckAsync(id, "docker/first-container", 1, passed: true, Ct); // checked without a recorded start
        await store.StartLessonAsync(other, "k8s/pods", Ct);

        var all = await store.GetAllProgressAsync(id, Ct);

        Assert.Equal(["docker/first-container", "linux/files"], all.Select(p => p.LessonKey));
        Assert.Null(all[0].StartedAt);
        Assert.True(all[0].IsPassed(1));
        Assert.NotNull(all[1].StartedAt);
        Assert.Empty(all[1].Steps);
        Assert.Empty(await store.GetAllProgressAsync(LearnerIds.New(), Ct));
    }

    [Fact]
    public async Task An_unknown_lesson_has_empty_progress_starting_at_step_one()
    {
        using var db = new TempDatabase();
        await using var store = db.OpenStore();

        var progress = await store.GetLessonProgressAsync(LearnerIds.New(), Lesson, Ct);

        Assert.Null(progress.StartedAt);
        Assert.Empty(progress.Steps);
        Assert.Equal(1, progress.CurrentStep(4));
    }

    [Fact]
    public async Task Bad_input_is_rejected_and_writes_nothing()
    {
        using var db = new TempDatabase();
        await using var store = db.OpenStore();
        await store.InitializeAsync(Ct);
        var id = LearnerIds.New();

        foreach (var junk in new[] { "", "not-a-learner", "AAAAAAAAAAAAAAAAAAAAAAAAAA", "aaaaaaaaaaaaaaaaaaaa'; --a", new string('a', 4000) })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => store.GetOrCreateLearnerAsync(junk, Ct));
            await Assert.ThrowsAsync<ArgumentException>(() => store.RecordCheckAsync(junk, Lesson, 1, true, Ct));
            await Assert.ThrowsAsync<ArgumentException>(() => store.GetAllProgressAsync(junk, Ct));
        }
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetOrCreateLearnerAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.StartLessonAsync(id, " ", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.StartLessonAsync(id, "a\nb", Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RecordCheckAsync(id, Lesson, 0, true, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RevealHintAsync(id, Lesson, 1, -1, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetLanguageAsync(id, "ko; DROP", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.RecordQuizAnswerAsync(id, Lesson, 1, "q1", "{not json", true, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.RecordQuizAnswerAsync(id, Lesson, 1, "", "1", true, Ct));

        Assert.Equal(0L, db.Scalar("SELECT COUNT(*) FROM learners;"));
        Assert.Equal(0L, db.Scalar("SELECT COUNT(*) FROM step_progress;"));
        Assert.Equal(0L, db.Scalar("SELECT COUNT(*) FROM quiz_answers;"));
    }
}
