using Microsoft.AspNetCore.Http.HttpResults;

namespace Playground.Web.Workspaces;

public static class WorkspaceAccess
{
    /// <summary>
    /// 403 with a JSON error. Not TypedResults.Forbid(): that hands the answer to an authentication
    /// handler, and this app has none (the learner cookie is not ASP.NET authentication), so it threw (500).
    /// </summary>
    public static JsonHttpResult<ApiError> NotYours() =>
        TypedResults.Json(new ApiError("This workspace belongs to another learner."), statusCode: StatusCodes.Status403Forbidden);
}
