using System.Text.Json;
using System.Text.Json.Serialization;
using Playground.Lessons;
using Playground.Web.Catalog;
using Playground.Web.Checks;
using Playground.Web.Learners;
using Playground.Web.Workspaces;

namespace Playground.Web;

/// <summary>Source-generated JSON for every API type (no reflection at run time).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateWorkspaceRequest))]
[JsonSerializable(typeof(OpenStepRequest))]
[JsonSerializable(typeof(WorkspaceDto))]
[JsonSerializable(typeof(WorkspaceDto[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(MeDto))]
[JsonSerializable(typeof(LanguageRequest))]
[JsonSerializable(typeof(CatalogDto))]
[JsonSerializable(typeof(LessonDto))]
[JsonSerializable(typeof(LessonProblemsDto))]
[JsonSerializable(typeof(CheckRequest))]
[JsonSerializable(typeof(CheckResponse))]
[JsonSerializable(typeof(SolutionResponse))]
[JsonSerializable(typeof(SolveResponse))]
[JsonSerializable(typeof(QuizRequest))]
[JsonSerializable(typeof(QuizResponse))]
[JsonSerializable(typeof(QuizAnswer))]
[JsonSerializable(typeof(Playground.Web.Hosting.HealthReportDto))]
internal sealed partial class ApiJson : JsonSerializerContext;
