namespace Playground.Lessons;

/// <summary>An intro or finish page as HTML. <see cref="IsFallback"/>: English shown instead of the asked language.</summary>
public sealed record RenderedPage(string? Title, string Html, bool IsFallback, string Language);
