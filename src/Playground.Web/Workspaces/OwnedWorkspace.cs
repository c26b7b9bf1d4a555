using Playground.Sandboxes.Workspaces;
using Playground.Web.Errors;
using Playground.Web.Learners;

namespace Playground.Web.Workspaces;

/// <summary>
/// A live workspace that belongs to the current learner: the one ownership guard of the API. Bound from the
/// route's <c>{id}</c>; endpoints that carry the id in their body call <see cref="ResolveAsync"/>.
/// Refusals are thrown (404 unknown, 403 another learner's, 410 ended with its reason) and answered by
/// <see cref="ProblemExceptionHandler"/>.
/// </summary>
internal sealed record OwnedWorkspace(Workspace Workspace)
{
    /// <summary>Minimal API binding from the route value <c>id</c>.</summary>
    public static async ValueTask<OwnedWorkspace?> BindAsync(HttpContext http) =>
        await ResolveAsync(http.Request.RouteValues["id"] as string, http, http.RequestAborted);

    /// <summary>The workspace <paramref name="id"/> when it exists, is live and is the current learner's.</summary>
    /// <param name="missing">The message when <paramref name="id"/> is null or unknown.</param>
    public static async Task<OwnedWorkspace> ResolveAsync(string? id, HttpContext http, CancellationToken ct,
        string missing = "No such workspace.")
    {
        var workspaces = http.RequestServices.GetRequiredService<WorkspaceManager>();
        var learner = http.RequestServices.GetRequiredService<CurrentLearner>();
        var workspace = id is null ? null : await workspaces.GetAsync(id, ct);
        if (workspace is null) throw ApiException.NotFound(missing);
        // Another learner's workspace answers the same whether it is live or not, and never with its details.
        if (workspace.LearnerId != learner.Id) throw ApiException.Forbidden("This workspace belongs to another learner.");
        if (!workspace.IsLive) throw new WorkspaceEndedException(workspace);
        return new OwnedWorkspace(workspace);
    }

    /// <summary>The workspace id.</summary>
    public string Id => Workspace.Id;
}
