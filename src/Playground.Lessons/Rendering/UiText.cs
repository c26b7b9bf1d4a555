namespace Playground.Lessons;

/// <summary>The few words the renderer itself writes into lesson HTML, per language.</summary>
internal static class UiText
{
    public static string CalloutTitle(string kind, string language) => (kind, language) switch
    {
        ("note", "ko") => "참고",
        ("tip", "ko") => "팁",
        ("warning", "ko") => "주의",
        ("important", "ko") => "중요",
        ("caution", "ko") => "경고",
        ("note", _) => "Note",
        ("tip", _) => "Tip",
        ("warning", _) => "Warning",
        ("important", _) => "Important",
        ("caution", _) => "Caution",
        _ => kind,
    };

    public static string SubmitQuiz(string language) => language == "ko" ? "제출" : "Submit";
}
