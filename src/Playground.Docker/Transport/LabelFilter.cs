using System.Text.Json;

namespace Playground.Docker;

/// <summary>Turns a label map (value null = "label present") into the engine's filters JSON: {"label":["k=v","k"]}.</summary>
internal static class LabelFilter
{
    public static string? ToFiltersJson(IReadOnlyDictionary<string, string?> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
            return null;
        var terms = labels.Select(pair => pair.Value is null ? pair.Key : $"{pair.Key}={pair.Value}").ToList();
        var filters = new Dictionary<string, List<string>> { ["label"] = terms };
        return JsonSerializer.Serialize(filters, DockerJsonContext.Default.DictionaryStringListString);
    }
}
