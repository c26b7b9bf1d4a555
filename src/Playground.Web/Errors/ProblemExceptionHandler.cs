using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Playground.Sandboxes.Backends;
using Playground.Sandboxes.Workspaces;

namespace Playground.Web.Errors;

/// <summary>
/// The one place where domain errors become HTTP answers: each known exception maps to a status code and a
/// ProblemDetails body (<c>application/problem+json</c>: type, title, status, detail, plus <c>error</c>,
/// <c>hint</c> and <c>reason</c>, which the front end shows). Anything else is a 500 that names no internals.
/// </summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, message, hint, reason) = Map(exception);
        if (status >= 500 && exception is not (CapacityExceededException or EnvironmentUnavailableException or SandboxStartException or SandboxBackendUnavailableException))
            logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path.Value);
        return await WriteAsync(http, status, message, hint, reason);
    }

    /// <summary>Writes a ProblemDetails answer; also used by the rate limiter and the request guards.</summary>
    public static async ValueTask<bool> WriteAsync(HttpContext http, int status, string message, string? hint = null, string? reason = null)
    {
        if (http.Response.HasStarted) return false;
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json; charset=utf-8";
        var details = new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrases.GetReasonPhrase(status),
            Detail = message,
            Type = $"https://httpstatuses.io/{status}",
        };
        details.Extensions["error"] = message;
        if (hint is not null) details.Extensions["hint"] = hint;
        if (reason is not null) details.Extensions["reason"] = reason;
        // Serialized here rather than by IProblemDetailsService: the API's JSON options escape relaxedly, and an
        // error that quotes learner input must encode markup (< > & ' become \u escapes).
        await JsonSerializer.SerializeAsync(http.Response.Body, details, ProblemJson.Strict.ProblemDetails, http.RequestAborted);
        return true;
    }

    /// <summary>A ProblemDetails body for a bare status code, with a fixed message that quotes nothing from the request.</summary>
    public static ValueTask<bool> WriteStatusAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var message = status switch
        {
            StatusCodes.Status400BadRequest => "The request is malformed or misses a required value.",
            StatusCodes.Status404NotFound => "There is nothing at this address.",
            StatusCodes.Status405MethodNotAllowed => "This address does not accept this method.",
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON.",
            _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "The request was refused.",
        };
        return WriteAsync(http, status, message);
    }

    internal static (int Status, string Message, string? Hint, string? Reason) Map(Exception exception) => exception switch
    {
        ApiException e => (e.Status, e.Message, e.Hint, e.Reason),
        WorkspaceNotFoundException => (StatusCodes.Status404NotFound, "No such workspace.", null, null),
        WorkspaceEndedException e => (StatusCodes.Status410Gone, $"This session has ended: {e.Workspace.EndReason?.Describe()}.", null, e.Workspace.EndReason?.Code()),
        // 503 means three different things to the page (full, not installed, failed to start): the reason tells them apart.
        CapacityExceededException e => e.PerLearner
            ? (StatusCodes.Status429TooManyRequests, e.Message, null, "learner-limit")
            : (StatusCodes.Status503ServiceUnavailable, e.Message, null, "capacity"),
        EnvironmentUnavailableException e => (StatusCodes.Status503ServiceUnavailable, e.Message, e.Hint, "environment-unavailable"),
        SandboxStartException e => (StatusCodes.Status503ServiceUnavailable, $"The sandbox could not be started: {e.Message}", null, "start-failed"),
        SandboxGoneException or SandboxNotRunningException => (StatusCodes.Status410Gone, "The sandbox of this session is gone.", null, null),
        SandboxBackendUnavailableException e => (StatusCodes.Status503ServiceUnavailable, $"Sandboxes are unavailable right now: {e.Message}", null, "sandboxes-unavailable"),
        ExtensionRefusedException e => (StatusCodes.Status409Conflict, e.Message, null, null),
        // Kestrel's own refusals (body too large, malformed request): their status, a fixed message.
        BadHttpRequestException e => (e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? "The request body is too large." : "The request is malformed.", null, null),
        _ => (StatusCodes.Status500InternalServerError, "Something went wrong on the server; it has been logged.", null, null),
    };
}

/// <summary>ProblemDetails with strict escaping (JavaScriptEncoder.Default), so no markup survives into an error body.</summary>
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(string))]
internal sealed partial class ProblemJson : JsonSerializerContext
{
    /// <summary>Web defaults plus the strict encoder.</summary>
    public static ProblemJson Strict { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Default,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
