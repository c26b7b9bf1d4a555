namespace Playground.Lessons;

/// <summary>A short text in several languages; asking for a missing language yields the base (English) text.</summary>
public sealed class LocalizedText
{
    private readonly IReadOnlyDictionary<string, string> _byLanguage;

    public LocalizedText(IReadOnlyDictionary<string, string> byLanguage) => _byLanguage = byLanguage;

    public static LocalizedText Empty { get; } = new(new Dictionary<string, string>());

    public static LocalizedText Of(string english) =>
        new(new Dictionary<string, string> { [LessonLanguages.Base] = english });

    public IReadOnlyDictionary<string, string> Values => _byLanguage;

    public IEnumerable<string> Languages => _byLanguage.Keys;

    public bool Has(string language) => _byLanguage.ContainsKey(language);

    /// <summary>The text in <paramref name="language"/>, else English, else any language, else "".</summary>
    public string Get(string language) =>
        _byLanguage.TryGetValue(language, out var text) ? text
        : _byLanguage.TryGetValue(LessonLanguages.Base, out var english) ? english
        : _byLanguage.Values.FirstOrDefault() ?? "";

    public LocalizedText With(string language, string text)
    {
        var copy = new Dictionary<string, string>(_byLanguage) { [language] = text };
        return new LocalizedText(copy);
    }

    public override string ToString() => Get(LessonLanguages.Base);
}
