namespace Playground.Lessons;

/// <summary>
/// Orders a question's choices by a hash of (question id, choice text). The order is stable across
/// renders and grading requests, and it does not depend on WHICH choices are answers: a position
/// derived only from the id and the number of choices would put the answer at the same index in
/// every question sharing that id and size, which learners notice.
/// (string.GetHashCode is randomized per process, so it is not used.)
/// </summary>
public static class QuizChoiceOrder
{
    /// <summary>The choices of a question in a stable shuffled order, seeded by <paramref name="questionId"/> so every page load shows the same order.</summary>
    public static IReadOnlyList<QuizChoice> Arrange(string questionId, IReadOnlyList<string> answers, IReadOnlyList<string> distractors) =>
        answers.Select(a => new QuizChoice(a, true))
            .Concat(distractors.Select(d => new QuizChoice(d, false)))
            .OrderBy(c => Mix(Fnv1a(questionId + "\0" + c.Text)))
            .ThenBy(c => c.Text, StringComparer.Ordinal)
            .ToArray();

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>SplitMix64's finaliser: FNV alone barely reorders texts that differ only in their start.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }
}
