using Playground.Lessons;
using Playground.Progress;

namespace Playground.Web.Learners;

/// <summary>
/// The language to show: an explicit ?lang= wins, then the learner's remembered choice, then the
/// browser's Accept-Language (Korean bootcamps mostly arrive with ko), then English.
/// </summary>
internal static class LanguagePreference
{
    public static readonly string[] Supported = ["en", "ko"];

    public static async Task<string> ResolveAsync(HttpContext http, string? requested, IProgressStore progress, CancellationToken ct)
    {
        if (IsSupported(requested)) return requested!;
        var learner = await progress.GetOrCreateLearnerAsync(http.LearnerId(), ct);
        if (IsSupported(learner.Language)) return learner.Language!;
        var accept = http.Request.Headers.AcceptLanguage.ToString();
        return accept.StartsWith("ko", StringComparison.OrdinalIgnoreCase) ? "ko" : LessonLanguages.Base;
    }

    public static bool IsSupported(string? language) => language is not null && Supported.Contains(language);
}
