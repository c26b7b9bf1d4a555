using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Playground.Browser.Tests;

/// <summary>A rendered quiz (form.pg-quiz) answered through its controls, as a learner does.</summary>
public sealed class QuizForm(IPage page)
{
    public ILocator Form => page.Locator("#step-content form.pg-quiz");

    public ILocator Question(string id) => Form.Locator($"fieldset.pg-question[data-question='{id}']");

    /// <summary>Ticks exactly the choices whose label text is one of <paramref name="choices"/> (radio or checkbox).</summary>
    public async Task ChooseAsync(string question, params string[] choices)
    {
        var labels = Question(question).Locator("label");
        var count = await labels.CountAsync();
        var found = 0;
        for (var i = 0; i < count; i++)
        {
            var label = labels.Nth(i);
            var text = Regex.Replace(await label.InnerTextAsync(), @"\s+", " ").Trim();
            var input = label.Locator("input");
            if (choices.Contains(text))
            {
                await input.CheckAsync();
                found++;
            }
            else if (await input.GetAttributeAsync("type") == "checkbox")
            {
                await input.UncheckAsync();
            }
        }
        Assert.True(found == choices.Length, $"question {question}: found {found} of the choices [{string.Join(", ", choices)}]");
    }

    public Task FillAsync(string question, string value) => Question(question).Locator("input[type='text']").FillAsync(value);

    /// <summary>Submits and waits for the server's verdict on the form (data-result passed|failed).</summary>
    public async Task<string> SubmitAsync(LessonPage lesson)
    {
        await Form.EvaluateAsync("f => delete f.dataset.result");
        await Form.Locator(".pg-quiz-submit").ClickAsync();
        await lesson.WaitAsync("() => { const f = document.querySelector('#step-content form.pg-quiz'); return f && f.dataset.result && !f.dataset.busy; }",
            null, "the quiz verdict");
        return await Form.GetAttributeAsync("data-result") ?? "";
    }

    public async Task<string?> ResultOfAsync(string question) => await Question(question).GetAttributeAsync("data-result");

    /// <summary>lessons/getting-started/first-steps/03-quiz.md, answered correctly (same answers in the ko translation).</summary>
    public async Task AnswerFirstStepsCorrectlyAsync()
    {
        await ChooseAsync("make-folder", "mkdir -p a/b");
        await ChooseAsync("file-commands", "mv", "touch", "mkdir");
        await FillAsync("home", "~");
        await FillAsync("lines", "1");
    }
}
