using System.Text.Json;
using System.Text.Json.Serialization;
using Playground.Web.Workspaces;

namespace Playground.Web;

/// <summary>Source-generated JSON for every API type (no reflection at run time).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(CreateWorkspaceRequest))]
[JsonSerializable(typeof(WorkspaceDto))]
[JsonSerializable(typeof(WorkspaceDto[]))]
[JsonSerializable(typeof(string))]
internal sealed partial class ApiJson : JsonSerializerContext;
