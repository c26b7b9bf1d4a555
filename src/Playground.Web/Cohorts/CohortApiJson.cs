using System.Text.Json;
using System.Text.Json.Serialization;

namespace Playground.Web.Cohorts;

/// <summary>Source-generated JSON for the cohort and instructor API types.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JoinRequest))]
[JsonSerializable(typeof(ResumeRequest))]
[JsonSerializable(typeof(JoinResponse))]
[JsonSerializable(typeof(MyCohortDto))]
[JsonSerializable(typeof(BroadcastMessage))]
[JsonSerializable(typeof(InstructorMeDto))]
[JsonSerializable(typeof(NewInstructorRequest))]
[JsonSerializable(typeof(NewInstructorDto))]
[JsonSerializable(typeof(CohortRequest))]
[JsonSerializable(typeof(CohortDto))]
[JsonSerializable(typeof(CohortDto[]))]
[JsonSerializable(typeof(DashboardDto))]
[JsonSerializable(typeof(BroadcastRequest))]
[JsonSerializable(typeof(RenameRequest))]
[JsonSerializable(typeof(CountDto))]
[JsonSerializable(typeof(ActionDto[]))]
[JsonSerializable(typeof(InstructorDto[]))]
[JsonSerializable(typeof(PasswordChangeRequest))]
internal sealed partial class CohortApiJson : JsonSerializerContext;
