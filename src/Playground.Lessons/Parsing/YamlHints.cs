namespace Playground.Lessons;

/// <summary>
/// Turns YamlDotNet's parser messages into advice an instructor can act on. The parser says what it expected;
/// the hint says which mistake in a lesson file usually causes that (learned from the broken-lesson corpus).
/// </summary>
internal static class YamlHints
{
    private static readonly (string Fragment, string Hint)[] Known =
    [
        ("a key appears twice", "remove or rename one of the two"),
        ("mapping values are not allowed", "a value contains ': ' — put the whole value in quotes, or use a | block for scripts"),
        ("found invalid mapping", "a value contains ': ' — put the whole value in quotes, or use a | block for scripts"),
        ("could not find expected ':'", "this line is not a 'key: value' line, or it is indented differently from the lines around it"),
        ("did not find expected key", "check the indentation of this line: keys of the same mapping must start in the same column"),
        ("did not find expected '-' indicator", "list items ('- ...') of one list must start in the same column"),
        ("cannot start any token", "a value starting with ` @ or a tab must be quoted (\"`ls`\"), and indentation must use spaces"),
        ("found unexpected end of stream", "a quote (\" or ') is opened but never closed"),
        ("did not find expected ',' or ']'", "a [ list ] is not closed, or an item contains a comma or quote: quote the item"),
        ("did not find expected ',' or '}'", "a { mapping } is not closed, or a value contains a comma: quote the value"),
        ("block sequence entries are not allowed", "a list ('- item') must start on its own line below its key"),
        ("did not find expected node content", "a value is missing after a key or '-', or it starts with a character YAML reserves (quote it)"),
        ("found a tab character", "indent with spaces, not tabs"),
        ("did not find expected alphabetic or numeric character", "a value starting with * or & must be quoted"),
        ("did not find the expected tag URI", "a value starting with ! must be quoted"),
    ];

    public static string For(string message)
    {
        foreach (var (fragment, hint) in Known)
        {
            if (message.Contains(fragment, StringComparison.OrdinalIgnoreCase)) return $" (hint: {hint})";
        }
        return " (hint: front matter is 'key: value' lines; quote values that contain ': ' or ' #', or start with ` * & ! [ { > | % @)";
    }
}
