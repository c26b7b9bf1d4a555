namespace Playground.Lessons;

/// <summary>
/// Mixes answers and distractors in an order that depends only on the question id, so every render and
/// every grading request agree on which index is which (string.GetHashCode is randomized per process: not used).
/// </summary>
public static class QuizChoiceOrder
{
    public static IReadOnlyList<QuizChoice> Arrange(string questionId, IReadOnlyList<string> answers, IReadOnlyList<string> distractors)
    {
        var choices = answers.Select(a => new QuizChoice(a, true))
            .Concat(distractors.Select(d => new QuizChoice(d, false)))
            .ToArray();
        var state = Fnv1a(questionId) | 1UL;
        for (var i = choices.Length - 1; i > 0; i--)
        {
            state = XorShift(state);
            var j = (int)(state % (ulong)(i + 1));
            (choices[i], choices[j]) = (choices[j], choices[i]);
        }
        return choices;
    }

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

    private static ulong XorShift(ulong x)
    {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    }
}
