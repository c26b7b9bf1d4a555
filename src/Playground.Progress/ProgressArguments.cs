using System.Text.Json;

namespace Playground.Progress;

/// <summary>Validation shared by every store, so bad input fails the same way whatever the database.</summary>
public static class ProgressArguments
{
    public const int MaxLessonKeyLength = 200;
    public const int MaxQuestionIdLength = 100;
    public const int MaxAnswerJsonLength = 64 * 1024;

    public static void LessonKey(string? lessonKey)
    {
        if (string.IsNullOrWhiteSpace(lessonKey) || lessonKey.Length > MaxLessonKeyLength || lessonKey.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"A lesson key is a non-empty 'track/lesson' text of at most {MaxLessonKeyLength} characters without control characters.",
                nameof(lessonKey));
        }
    }

    public static void Step(int step)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "Steps are numbered from 1.");
    }

    public static void Language(string? language)
    {
        // A BCP 47-like tag (en, ko, pt-BR); the host decides which languages it offers.
        if (string.IsNullOrEmpty(language) || language.Length > 16 ||
            !language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || !char.IsAsciiLetter(language[0]))
        {
            throw new ArgumentException("A language is a tag such as 'en' or 'ko'.", nameof(language));
        }
    }

    public static void QuestionId(string? questionId)
    {
        if (string.IsNullOrWhiteSpace(questionId) || questionId.Length > MaxQuestionIdLength || questionId.Any(char.IsControl))
        {
            throw new ArgumentException($"A question id is a non-empty text of at most {MaxQuestionIdLength} characters.", nameof(questionId));
        }
    }

    public static void AnswerJson(string? answerJson)
    {
        if (answerJson is null || answerJson.Length > MaxAnswerJsonLength)
        {
            throw new ArgumentException($"A quiz answer is JSON of at most {MaxAnswerJsonLength} characters.", nameof(answerJson));
        }
        try
        {
            using var _ = JsonDocument.Parse(answerJson);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"A quiz answer must be valid JSON: {e.Message}", nameof(answerJson), e);
        }
    }
}
