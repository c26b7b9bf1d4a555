namespace Playground.Lessons;

/// <summary>Language codes of lesson text. English is the base every translation falls back to.</summary>
public static class LessonLanguages
{
    /// <summary>The language every lesson is written in first (English); translations fall back to it.</summary>
    public const string Base = "en";

    /// <summary>A translation file is <c>name.&lt;code&gt;.md</c> with a two-letter lower-case code.</summary>
    public static bool IsLanguageCode(string? code) =>
        code is { Length: 2 } && char.IsAsciiLetterLower(code[0]) && char.IsAsciiLetterLower(code[1]);

    /// <summary>Maps whatever a client sent ("KO", "ko-KR", null) to a code, or the base language.</summary>
    public static string Normalize(string? language)
    {
        if (string.IsNullOrWhiteSpace(language)) return Base;
        var code = language.Trim().ToLowerInvariant();
        if (code.Length > 2 && (code[2] == '-' || code[2] == '_')) code = code[..2];
        return IsLanguageCode(code) ? code : Base;
    }

    /// <summary>Human name for messages ("Korean"), the code itself when unknown.</summary>
    public static string DisplayName(string code) => code switch
    {
        "en" => "English",
        "ko" => "Korean",
        "ja" => "Japanese",
        "zh" => "Chinese",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        _ => code,
    };
}
