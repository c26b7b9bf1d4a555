using System.Net;
using Markdig.Renderers;

namespace Playground.Lessons;

/// <summary>
/// Writes a quiz block as a form per the HTML contract. Only questions and choices are written: answers and
/// explanations stay on the server (the grader has them).
/// </summary>
internal static class QuizHtmlWriter
{
    public static void Write(HtmlRenderer renderer, int stepNumber, IReadOnlyList<QuizQuestion> questions, string language, Func<string, string> renderInline)
    {
        renderer.EnsureLine();
        renderer.WriteLine($"<form class=\"pg-quiz\" data-quiz-step=\"{stepNumber}\">");
        foreach (var question in questions)
        {
            var id = WebUtility.HtmlEncode(question.Id);
            var type = question.Type.ToString().ToLowerInvariant();
            renderer.WriteLine($"<fieldset class=\"pg-question\" data-question=\"{id}\" data-type=\"{type}\">");
            renderer.WriteLine($"<legend>{renderInline(question.Question)}</legend>");
            switch (question.Type)
            {
                case QuizType.Single or QuizType.Multiple:
                    var inputType = question.Type == QuizType.Single ? "radio" : "checkbox";
                    for (var i = 0; i < question.Choices.Count; i++)
                        renderer.WriteLine($"<label><input type=\"{inputType}\" name=\"{id}\" value=\"{i}\"> {renderInline(question.Choices[i].Text)}</label>");
                    break;
                case QuizType.Numeric:
                    renderer.WriteLine($"<input type=\"text\" name=\"{id}\" inputmode=\"decimal\" autocomplete=\"off\">");
                    break;
                default:
                    renderer.WriteLine($"<input type=\"text\" name=\"{id}\" autocomplete=\"off\">");
                    break;
            }
            renderer.WriteLine("</fieldset>");
        }
        renderer.WriteLine($"<button type=\"submit\" class=\"pg-quiz-submit\">{UiText.SubmitQuiz(language)}</button>");
        renderer.WriteLine("</form>");
    }
}
