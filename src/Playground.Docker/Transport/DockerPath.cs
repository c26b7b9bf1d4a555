namespace Playground.Docker;

/// <summary>Escaping for values placed inside request paths.</summary>
internal static class DockerPath
{
    /// <summary>A container, exec, network or volume id/name as one path segment.</summary>
    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    /// <summary>Image references keep their slashes: the engine routes /images/{name:.*}/json.</summary>
    public static string ImageReference(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return string.Join('/', value.Split('/').Select(Uri.EscapeDataString));
    }
}
