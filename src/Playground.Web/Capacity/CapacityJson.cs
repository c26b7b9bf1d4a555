using System.Text.Json;
using System.Text.Json.Serialization;

namespace Playground.Web.Capacity;

/// <summary>Source-generated JSON for the capacity API. Nulls are written (an unknown ETA reads <c>"etaSeconds": null</c>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(QueueTicketDto))]
[JsonSerializable(typeof(PrewarmRequest))]
[JsonSerializable(typeof(PrewarmResultDto))]
internal sealed partial class CapacityJson : JsonSerializerContext;
