namespace Playground.Lessons.Tests;

public class QuizTests
{
    private static IReadOnlyList<QuizQuestion> Questions()
    {
        var lesson = new LessonCatalog(TestPaths.GoodCorpus).Find("good-track/ok-lesson")!;
        return lesson.Steps[1].BaseText.Quizzes;
    }

    private static int IndexOf(QuizQuestion q, string text) => q.Choices.ToList().FindIndex(c => c.Text == text);

    [Fact]
    public void Single_is_correct_only_for_the_answer_index()
    {
        var q = Questions()[0];
        Assert.True(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(IndexOf(q, "Amazon EC2"))));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(IndexOf(q, "Gmail"))));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(IndexOf(q, "Amazon EC2"), IndexOf(q, "Gmail"))));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(7)));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(-1)));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Chosen()));
    }

    [Fact]
    public void Multiple_needs_exactly_the_answer_set()
    {
        var q = Questions()[1];
        var (containerd, crio, nginx) = (IndexOf(q, "containerd"), IndexOf(q, "CRI-O"), IndexOf(q, "nginx"));
        Assert.True(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(containerd, crio)));
        Assert.True(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(crio, containerd)));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(containerd)));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(containerd, crio, nginx)));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Chosen(containerd, crio, 9)));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Typed("containerd")));
    }

    [Theory]
    [InlineData("docker ps", true)]
    [InlineData("  Docker PS  ", true)]
    [InlineData("docker   ps", true)]
    [InlineData("docker container ls", true)]
    [InlineData("docker images", false)]
    [InlineData("", false)]
    public void Text_is_case_insensitive_and_trimmed(string typed, bool correct) =>
        Assert.Equal(correct, QuizGrader.IsCorrect(Questions()[2], QuizAnswer.Typed(typed)));

    [Theory]
    [InlineData("3.14", true)]
    [InlineData("3,14", true)]
    [InlineData(" 3.144 ", true)]
    [InlineData("3.136", true)]
    [InlineData("3.15", false)]
    [InlineData("3.1", false)]
    [InlineData("pi", false)]
    [InlineData("", false)]
    public void Numeric_accepts_within_tolerance_and_a_decimal_comma(string typed, bool correct) =>
        Assert.Equal(correct, QuizGrader.IsCorrect(Questions()[3], QuizAnswer.Typed(typed)));

    [Fact]
    public void Numeric_with_zero_tolerance_is_exact()
    {
        var q = new QuizQuestion("n", QuizType.Numeric, "?", ["4"], [], null, 0, [], 1);
        Assert.True(QuizGrader.IsCorrect(q, QuizAnswer.Typed("4")));
        Assert.True(QuizGrader.IsCorrect(q, QuizAnswer.Typed("4.0")));
        Assert.False(QuizGrader.IsCorrect(q, QuizAnswer.Typed("4.01")));
    }

    [Fact]
    public void Grade_reports_each_question_with_explanation_and_correct_answer()
    {
        var questions = Questions();
        var q1 = questions[0];
        var result = QuizGrader.Grade(questions, new Dictionary<string, QuizAnswer>
        {
            ["q1"] = QuizAnswer.Chosen(IndexOf(q1, "Amazon EC2")),
            ["q2"] = QuizAnswer.Chosen(IndexOf(questions[1], "nginx")),
            ["q3"] = QuizAnswer.Typed("docker ps"),
        });
        Assert.False(result.Passed);
        Assert.Equal(["q1", "q2", "q3", "q4"], result.Results.Select(r => r.Id));
        Assert.Equal([true, false, true, false], result.Results.Select(r => r.Correct));
        Assert.Equal("EC2 rents virtual machines.", result.Results[0].Explanation);
        Assert.Equal("Amazon EC2", result.Results[0].Answer);
        Assert.Contains("containerd", result.Results[1].Answer);
        Assert.Contains("CRI-O", result.Results[1].Answer);
        Assert.Equal("docker ps", result.Results[2].Answer);
        Assert.Equal("3.14 (± 0.005)", result.Results[3].Answer);
    }

    [Fact]
    public void Grade_passes_when_all_are_correct()
    {
        var questions = Questions();
        var result = QuizGrader.Grade(questions, new Dictionary<string, QuizAnswer>
        {
            ["q1"] = QuizAnswer.Chosen(IndexOf(questions[0], "Amazon EC2")),
            ["q2"] = QuizAnswer.Chosen(IndexOf(questions[1], "containerd"), IndexOf(questions[1], "CRI-O")),
            ["q3"] = QuizAnswer.Typed("Docker Container LS"),
            ["q4"] = QuizAnswer.Typed("3,14"),
        });
        Assert.True(result.Passed);
    }

    [Fact]
    public void Choice_order_is_stable_and_seeded_by_question_id()
    {
        var answers = new[] { "right" };
        var distractors = new[] { "w1", "w2", "w3", "w4" };
        var first = QuizChoiceOrder.Arrange("q1", answers, distractors);
        Assert.Equal(first, QuizChoiceOrder.Arrange("q1", answers, distractors));
        // Across ids the answer does not always sit first, or learners would learn to click the first box.
        var positions = Enumerable.Range(1, 20).Select(i => QuizChoiceOrder.Arrange($"q{i}", answers, distractors).ToList().FindIndex(c => c.IsAnswer)).ToHashSet();
        Assert.True(positions.Count > 2);
        Assert.Equal(5, first.Count);
        Assert.Equal(["right", "w1", "w2", "w3", "w4"], first.Select(c => c.Text).Order());
    }

    [Fact]
    public void Which_choice_is_the_answer_does_not_change_the_order()
    {
        // Otherwise the rendered order (id + number of choices) would reveal the answer's position.
        var a = QuizChoiceOrder.Arrange("q1", ["red"], ["green", "blue"]).Select(c => c.Text);
        var b = QuizChoiceOrder.Arrange("q1", ["blue"], ["red", "green"]).Select(c => c.Text);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Same_choices_in_two_catalog_loads()
    {
        var a = Questions()[0].Choices;
        var b = Questions()[0].Choices;
        Assert.Equal(a, b);
    }

    [Fact]
    public void Quiz_renders_as_a_form_without_answers()
    {
        var lesson = new LessonCatalog(TestPaths.GoodCorpus).Find("good-track/ok-lesson")!;
        var step = new LessonRenderer().RenderStep(lesson, 2, "en");
        var q = step.Quizzes;
        string Labels(QuizQuestion question, string type) => string.Concat(question.Choices.Select((c, i) =>
            $"<label><input type=\"{type}\" name=\"{question.Id}\" value=\"{i}\"> {c.Text}</label>\n"));
        var expected =
            "<p>Answer:</p>\n" +
            "<form class=\"pg-quiz\" data-quiz-step=\"2\">\n" +
            "<fieldset class=\"pg-question\" data-question=\"q1\" data-type=\"single\">\n" +
            "<legend>Which one is <strong>IaaS</strong>?</legend>\n" +
            Labels(q[0], "radio") +
            "</fieldset>\n" +
            "<fieldset class=\"pg-question\" data-question=\"q2\" data-type=\"multiple\">\n" +
            "<legend>Which are container runtimes?</legend>\n" +
            Labels(q[1], "checkbox") +
            "</fieldset>\n" +
            "<fieldset class=\"pg-question\" data-question=\"q3\" data-type=\"text\">\n" +
            "<legend>The command that lists containers?</legend>\n" +
            "<input type=\"text\" name=\"q3\" autocomplete=\"off\">\n" +
            "</fieldset>\n" +
            "<fieldset class=\"pg-question\" data-question=\"q4\" data-type=\"numeric\">\n" +
            "<legend>Pi to two decimals?</legend>\n" +
            "<input type=\"text\" name=\"q4\" inputmode=\"decimal\" autocomplete=\"off\">\n" +
            "</fieldset>\n" +
            "<button type=\"submit\" class=\"pg-quiz-submit\">Submit</button>\n" +
            "</form>\n";
        Assert.Equal(expected, step.Html);
        Assert.DoesNotContain("EC2 rents", step.Html);
        Assert.DoesNotContain("docker ps", step.Html);
        Assert.DoesNotContain("3.14", step.Html);
        Assert.DoesNotContain("correct", step.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("explanation", step.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, step.Quizzes.Count);
    }

    [Fact]
    public void Quiz_policy_comes_from_the_step_front_matter_and_reveals_answers_when_passed_or_out_of_attempts()
    {
        using var temp = new TempLessons();
        temp.WriteLesson("title: Q\nquiz_attempts: 2\nquiz_required: true\n",
            "```quiz\n- id: q1\n  type: numeric\n  question: 6 x 7?\n  answer: 42\n```\n", environment: "none");
        var policy = new LessonCatalog(temp.Root).Find("t/l")!.Steps[0].Quiz;

        Assert.Equal(new QuizPolicy(2, true), policy);
        Assert.False(policy.RevealsAnswers(passed: false, attempts: 1));
        Assert.Equal(1, policy.AttemptsLeft(1));
        Assert.True(policy.RevealsAnswers(passed: false, attempts: 2));
        Assert.True(policy.RevealsAnswers(passed: true, attempts: 1));
        // Without quiz_attempts only a pass reveals them, however many attempts.
        Assert.False(QuizPolicy.Default.RevealsAnswers(passed: false, attempts: 1000));
        Assert.Null(QuizPolicy.Default.AttemptsLeft(3));
        Assert.False(QuizPolicy.Default.Required);
    }

    [Fact]
    public async Task Quiz_keys_without_a_quiz_are_an_error()
    {
        using var temp = new TempLessons();
        var step = temp.WriteLesson("title: Q\nquiz_required: true\n", "No quiz here.\n");
        var report = await new LessonValidator().ValidateAsync(temp.Root, null, TestContext.Current.CancellationToken);
        Assert.Contains(report.Diagnostics, d => d.File == step && d.Line == 3 && d.Message.Contains("need a ```quiz block"));
    }
}
