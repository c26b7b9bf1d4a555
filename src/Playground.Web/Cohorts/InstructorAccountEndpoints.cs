using Microsoft.AspNetCore.Http.HttpResults;
using Playground.Cohorts;
using Playground.Web.Errors;
using Playground.Web.Hosting;

namespace Playground.Web.Cohorts;

/// <summary>
/// Instructor accounts from the instructor page: the list of instructors and changing one's own password (adding an
/// instructor is POST /api/instructor/instructors in <see cref="InstructorEndpoints"/>). Instructors are peers: any
/// signed-in instructor may add another and manage every cohort. Same cookie, antiforgery and Origin rules as the rest
/// of /api/instructor.
/// </summary>
internal static class InstructorAccountEndpoints
{
    /// <summary>Maps GET /api/instructor/instructors and POST /api/instructor/me/password.</summary>
    public static void MapInstructorAccounts(this WebApplication app)
    {
        var api = app.MapGroup("/api/instructor").RequireAuthorization().AddEndpointFilter<AntiforgeryHeaderFilter>();
        api.MapGet("/instructors", ListInstructors);
        api.MapPost("/me/password", ChangePassword);
    }

    private static async Task<Ok<InstructorDto[]>> ListInstructors(CohortStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListInstructorsAsync(ct)).Select(i => new InstructorDto(i.Id, i.Name, i.HasPassword, i.CreatedAt)).ToArray());

    private static async Task<NoContent> ChangePassword(PasswordChangeRequest request, HttpContext http, CohortStore store, CancellationToken ct)
    {
        var me = await store.GetInstructorAsync(http.User.InstructorId() ?? "", ct) ?? throw new UnauthorizedAccessException();
        if (request.NewPassword != request.Confirm) throw ApiException.BadRequest("The two new passwords differ.");
        try
        {
            if (!await store.ChangePasswordAsync(me.Id, request.CurrentPassword, request.NewPassword, ct))
                throw ApiException.BadRequest("The current password is wrong; nothing was changed.");
        }
        catch (CohortException e)
        {
            throw InstructorEndpoints.Refused(e);
        }
        await store.RecordActionAsync(me, null, "change-password", me.Name, ct: ct);
        return TypedResults.NoContent();
    }
}

/// <summary>One instructor account; <c>HasPassword</c> is false until their one-time link was used.</summary>
internal sealed record InstructorDto(string Id, string Name, bool HasPassword, DateTimeOffset CreatedAt);

/// <summary>Change one's own password: the current one (when set), the new one twice (10 to 512 characters).</summary>
internal sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword, string? Confirm);
