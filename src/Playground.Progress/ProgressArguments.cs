using System.Text.Json;

namespace Playground.Progress;

/// <summary>Validation shared by every store, so bad input fails the same way whatever the database.</summary>
public static class ProgressArguments
{
    /// <summary>Longest lesson key, in characters.</summary>
    public const int MaxLessonKeyLength = 200;
    /// <summary>Longest quiz question id, in characters.</summary>
    public const int MaxQuestionIdLength = 100;
    /// <summary>Longest quiz answer JSON, in characters (64 Ki).</summary>
    public const int MaxAnswerJsonLength = 64 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="lessonKey"/> is a lesson key.</summary>
    public static void LessonKey(string? lessonKey)
    {
        if (string.IsNullOrWhiteSpace(lessonKey) || lessonKey.Length > MaxLessonKeyLength || lessonKey.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"A lesson key is a non-empty 'track/lesson' text of at most {MaxLessonKeyLength} characters without control characters.",
                nameof(lessonKey));
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="step"/> is 1 or more.</summary>
    public static void Step(int step)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "Steps are numbered from 1.");
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="language"/> is a supported language code.</summary>
    public static void Language(string? language)
    {
        // A BCP 47-like tag (en, ko, pt-BR); the host decides which languages it offers.
        if (string.IsNullOrEmpty(language) || language.Length > 16 ||
            !language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || !char.IsAsciiLetter(language[0]))
        {
            throw new ArgumentException("A language is a tag such as 'en' or 'ko'.", nameof(language));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="questionId"/> is a question id.</summary>
    public static void QuestionId(string? questionId)
    {
        if (string.IsNullOrWhiteSpace(questionId) || questionId.Length > MaxQuestionIdLength || questionId.Any(char.IsControl))
        {
            throw new ArgumentException($"A question id is a non-empty text of at most {MaxQuestionIdLength} characters.", nameof(questionId));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="answerJson"/> is JSON within the size limit.</summary>
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
