namespace Playground.Lessons;

/// <summary>Where a piece of Markdown sits, so the validator can check its links and code blocks with true lines.</summary>
internal enum MarkdownPlace
{
    Intro,
    Step,
    Finish,
    Hint,
    Solution,
}

/// <summary>A piece of lesson Markdown with the file line of its first line.</summary>
internal sealed record MarkdownSource(string File, string Markdown, int Line, MarkdownPlace Place, string Language);
