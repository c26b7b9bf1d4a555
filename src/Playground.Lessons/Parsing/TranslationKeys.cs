namespace Playground.Lessons;

/// <summary>Explains why a key is not allowed in a translation file, naming the file it belongs in.</summary>
internal static class TranslationKeys
{
    public static readonly string[] ScriptKeys = ["setup", "checks", "solve", "run", "cleanup"];

    public static Func<string, string?> Explainer(IReadOnlyCollection<string> baseKeys, IReadOnlyCollection<string> allowed, string baseFile) =>
        key =>
        {
            if (ScriptKeys.Contains(key))
                return $"translations cannot contain scripts: '{key}' belongs only in {baseFile}";
            if (baseKeys.Contains(key))
                return $"'{key}' cannot be translated: it belongs only in {baseFile} (a translation may contain only {string.Join(", ", allowed)})";
            return null;
        };
}
