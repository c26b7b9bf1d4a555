namespace Playground.Lessons;

/// <summary>What the page offers for a code block or inline code.</summary>
public enum CodeAction
{
    /// <summary>A plain code block: no button.</summary>
    None,
    /// <summary>A "Run" button types the command into a terminal.</summary>
    Run,
    /// <summary>A "Copy" button copies it.</summary>
    Copy,
}
