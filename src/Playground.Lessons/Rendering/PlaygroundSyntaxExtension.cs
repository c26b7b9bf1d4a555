using Markdig;
using Markdig.Renderers;

namespace Playground.Lessons;

/// <summary>Parse-time part of the Playground syntax: inline Katacoda annotations. Rendering is done by <see cref="LessonHtmlWriter"/>.</summary>
internal sealed class PlaygroundSyntaxExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) =>
        pipeline.DocumentProcessed += InlineExecAnnotations.Apply;

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
    }
}
