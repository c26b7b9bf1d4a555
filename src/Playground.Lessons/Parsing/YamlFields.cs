using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Playground.Lessons;

/// <summary>
/// Typed access to the keys of one YAML mapping. Every wrong type or unknown key is reported with the file
/// line of the offending key or value, and the caller gets null so parsing continues.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _node;
    private readonly int _firstLine;

    public YamlFields(YamlMappingNode node, string file, int firstLine, DiagnosticBag diagnostics)
    {
        _node = node;
        _firstLine = firstLine;
        File = file;
        Diagnostics = diagnostics;
    }

    public string File { get; }

    public DiagnosticBag Diagnostics { get; }

    /// <summary>Line of the mapping itself (its first key).</summary>
    public int Line => LineOf(_node);

    public int LineOf(YamlNode node) => node.Start.Line > 0 ? _firstLine + (int)node.Start.Line - 1 : _firstLine;

    public IEnumerable<(string Key, int Line)> Keys =>
        _node.Children.Keys.Select(k => (KeyText(k), LineOf(k)));

    public bool Has(string key) => Find(key) is not null;

    public int KeyLine(string key) => FindKey(key) is { } k ? LineOf(k) : Line;

    public YamlFields Nested(YamlMappingNode node) => new(node, File, _firstLine, Diagnostics);

    /// <summary>Reports keys outside <paramref name="allowed"/>; <paramref name="explain"/> may give a specific message.</summary>
    public void RejectUnknownKeys(IReadOnlyCollection<string> allowed, string where, Func<string, string?>? explain = null)
    {
        foreach (var (key, line) in Keys)
        {
            if (allowed.Contains(key)) continue;
            var message = explain?.Invoke(key);
            if (message is null)
            {
                var suggestion = allowed.Where(a => EditDistance(a, key) <= 2).OrderBy(a => EditDistance(a, key)).FirstOrDefault();
                message = $"unknown key '{key}' in {where}" + (suggestion is null
                    ? $" (allowed: {string.Join(", ", allowed)})"
                    : $" (did you mean '{suggestion}'?)");
            }
            Diagnostics.Error(File, line, message);
        }
    }

    public bool Require(string key, string where)
    {
        if (Find(key) is { } value && !IsNull(value)) return true;
        Diagnostics.Error(File, Has(key) ? KeyLine(key) : Line, $"missing required key '{key}' in {where}");
        return false;
    }

    public YamlNode? Node(string key) => Find(key) is { } value && !IsNull(value) ? value : null;

    public string? String(string key)
    {
        var node = Node(key);
        if (node is null) return null;
        if (node is YamlScalarNode scalar) return scalar.Value;
        Diagnostics.Error(File, LineOf(node), $"'{key}' must be a single value (text), not a list or mapping" + QuoteAdvice(node));
        return null;
    }

    public int? Int(string key, int min, int max)
    {
        var text = String(key);
        if (text is null) return null;
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Diagnostics.Error(File, LineOf(Node(key)!), $"'{key}' must be a whole number from {min} to {max}, not '{text}'");
        return null;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null) return null;
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on": return true;
            case "false" or "no" or "off": return false;
            default:
                Diagnostics.Error(File, LineOf(Node(key)!), $"'{key}' must be true or false, not '{text}'");
                return null;
        }
    }

    /// <summary>One of <paramref name="allowed"/> (compared lower-case).</summary>
    public string? Choice(string key, IReadOnlyCollection<string> allowed)
    {
        var text = String(key);
        if (text is null) return null;
        var value = text.Trim().ToLowerInvariant();
        if (allowed.Contains(value)) return value;
        Diagnostics.Error(File, LineOf(Node(key)!), $"'{key}' must be one of {string.Join(" | ", allowed)}, not '{text}'");
        return null;
    }

    /// <summary>A list of texts; a single value counts as a list of one.</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        var node = Node(key);
        return node is null ? null : StringList(node, key);
    }

    public IReadOnlyList<string>? StringList(YamlNode node, string key)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return [scalar.Value ?? ""];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode s) items.Add(s.Value ?? "");
                    else Diagnostics.Error(File, LineOf(item), $"each item of '{key}' must be a single value (text)" + QuoteAdvice(item));
                }
                return items;
            default:
                Diagnostics.Error(File, LineOf(node), $"'{key}' must be a list like [a, b]");
                return null;
        }
    }

    /// <summary>A bash script value; its line is where the script text starts (the line after <c>key: |</c>).</summary>
    public LessonScript? Script(string key)
    {
        var node = Node(key);
        if (node is null) return null;
        if (node is not YamlScalarNode scalar)
        {
            Diagnostics.Error(File, LineOf(node), $"'{key}' must be a script (text, usually written as `{key}: |` and indented lines)");
            return null;
        }
        return ScriptOf(scalar, key);
    }

    public LessonScript? ScriptOf(YamlScalarNode scalar, string key)
    {
        var text = scalar.Value ?? "";
        if (string.IsNullOrWhiteSpace(text))
        {
            Diagnostics.Error(File, LineOf(scalar), $"'{key}' is empty");
            return null;
        }
        var line = LineOf(scalar) + (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
        return new LessonScript(text, File, line);
    }

    /// <summary>A text given either plainly (English) or per language: <c>{en: Docker, ko: 도커}</c>.</summary>
    public LocalizedText? Localized(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return LocalizedText.Of(scalar.Value ?? "");
            case YamlMappingNode mapping:
                var values = new Dictionary<string, string>();
                foreach (var (k, v) in mapping.Children)
                {
                    var language = KeyText(k);
                    if (!LessonLanguages.IsLanguageCode(language))
                        Diagnostics.Error(File, LineOf(k), $"'{language}' in '{key}' is not a two-letter language code like en or ko");
                    else if (v is YamlScalarNode text)
                        values[language] = text.Value ?? "";
                    else
                        Diagnostics.Error(File, LineOf(v), $"'{key}.{language}' must be a text");
                }
                if (!values.ContainsKey(LessonLanguages.Base))
                    Diagnostics.Error(File, LineOf(node), $"'{key}' needs an English text (en: ...)");
                return new LocalizedText(values);
            default:
                Diagnostics.Error(File, LineOf(node), $"'{key}' must be a text or a mapping like {{en: ..., ko: ...}}");
                return null;
        }
    }

    /// <summary>The classic YAML trap: "Nothing: it is fine" is read as a mapping. Tell the author to quote it.</summary>
    public static string QuoteAdvice(YamlNode node) =>
        node is YamlMappingNode { Children.Count: 1 } ? "; it contains ': ', so YAML reads it as key: value — put the whole text in quotes" : "";

    public static string KeyText(YamlNode key) => key is YamlScalarNode s ? s.Value ?? "" : key.ToString();

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private YamlNode? Find(string key) => FindKey(key) is { } k ? _node.Children[k] : null;

    private YamlNode? FindKey(string key) => _node.Children.Keys.FirstOrDefault(k => KeyText(k) == key);

    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
