using System.Text;

namespace Playground.Docker;

/// <summary>Builds "?a=b&amp;c=d" with escaped values, skipping null ones.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder builder = new();

    public QueryString Add(string name, string? value)
    {
        if (value is null)
            return this;
        builder.Append(builder.Length == 0 ? '?' : '&')
            .Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public QueryString Add(string name, bool value) => Add(name, value ? "true" : "false");

    public override string ToString() => builder.ToString();
}
