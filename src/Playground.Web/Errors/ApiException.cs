namespace Playground.Web.Errors;

/// <summary>
/// A refusal the web layer decides itself (no such lesson, not your workspace, bad input). Thrown from handlers
/// and parameter binders; <see cref="ProblemExceptionHandler"/> turns it into a ProblemDetails body with
/// <see cref="Status"/>. <see cref="Exception.Message"/> is shown to the learner, so it must be a sentence they can act on.
/// </summary>
internal sealed class ApiException(int status, string message, string? hint = null, string? reason = null) : Exception(message)
{
    /// <summary>HTTP status code of the answer.</summary>
    public int Status { get; } = status;

    /// <summary>What the learner can do about it, or null.</summary>
    public string? Hint { get; } = hint;

    /// <summary>A stable machine-readable code (e.g. an end reason such as <c>destroyed</c>), or null.</summary>
    public string? Reason { get; } = reason;

    /// <summary>404 with <paramref name="message"/>.</summary>
    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    /// <summary>400 with <paramref name="message"/>.</summary>
    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    /// <summary>403 with <paramref name="message"/>.</summary>
    public static ApiException Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);

    /// <summary>
    /// Learner input quoted in a message: cut to <paramref name="max"/> characters so an absurd value never comes back
    /// whole. JSON encoding (which escapes &lt; &gt; &amp; and quotes) makes it inert in the body.
    /// </summary>
    public static string Quote(string? input, int max = 64)
    {
        if (string.IsNullOrEmpty(input)) return "";
        var cut = input.Length > max ? input[..max] + "…" : input;
        // No control characters in messages (they end up in logs and terminals too).
        return string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c));
    }
}
