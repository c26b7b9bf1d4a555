namespace Playground.Lessons;

/// <summary>A short text in several languages; asking for a missing language yields the base (English) text.</summary>
public sealed class LocalizedText
{
    private readonly IReadOnlyDictionary<string, string> _byLanguage;

    /// <summary>Text by language code.</summary>
    public LocalizedText(IReadOnlyDictionary<string, string> byLanguage) => _byLanguage = byLanguage;

    /// <summary>No text in any language.</summary>
    public static LocalizedText Empty { get; } = new(new Dictionary<string, string>());

    /// <summary>English text only.</summary>
    public static LocalizedText Of(string english) =>
        new(new Dictionary<string, string> { [LessonLanguages.Base] = english });

    /// <summary>The text by language code.</summary>
    public IReadOnlyDictionary<string, string> Values => _byLanguage;

    /// <summary>The languages the text exists in.</summary>
    public IEnumerable<string> Languages => _byLanguage.Keys;

    /// <summary>Whether the text exists in <paramref name="language"/>.</summary>
    public bool Has(string language) => _byLanguage.ContainsKey(language);

    /// <summary>The text in <paramref name="language"/>, else English, else any language, else "".</summary>
    public string Get(string language) =>
        _byLanguage.TryGetValue(language, out var text) ? text
        : _byLanguage.TryGetValue(LessonLanguages.Base, out var english) ? english
        : _byLanguage.Values.FirstOrDefault() ?? "";

    /// <summary>A copy with <paramref name="text"/> set for <paramref name="language"/>.</summary>
    public LocalizedText With(string language, string text)
    {
        var copy = new Dictionary<string, string>(_byLanguage) { [language] = text };
        return new LocalizedText(copy);
    }

    /// <summary>The English text.</summary>
    public override string ToString() => Get(LessonLanguages.Base);
}
