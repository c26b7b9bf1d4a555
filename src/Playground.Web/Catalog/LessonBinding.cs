using Playground.Lessons;
using Playground.Web.Errors;
using Playground.Web.Hosting;

namespace Playground.Web.Catalog;

/// <summary>The lesson named by the route's <c>{track}/{lesson}</c>; 404 (thrown) when the catalog has none.</summary>
internal sealed record RoutedLesson(Lesson Lesson)
{
    /// <summary>Minimal API binding from the route values <c>track</c> and <c>lesson</c>.</summary>
    public static ValueTask<RoutedLesson?> BindAsync(HttpContext http) =>
        ValueTask.FromResult<RoutedLesson?>(new RoutedLesson(Find(http, http.Request.RouteValues["track"] as string, http.Request.RouteValues["lesson"] as string)));

    /// <summary>The lesson <paramref name="track"/>/<paramref name="lesson"/>, or a thrown 404 that quotes the names (cut short).</summary>
    public static Lesson Find(HttpContext http, string? track, string? lesson) =>
        http.RequestServices.GetRequiredService<LessonCatalogService>().Catalog.Find(track ?? "", lesson ?? "")
        ?? throw ApiException.NotFound($"No lesson '{ApiException.Quote(track)}/{ApiException.Quote(lesson)}'.");
}

/// <summary>The step named by the route's <c>{track}/{lesson}/steps/{number}</c>; 404 (thrown) when it does not exist.</summary>
internal sealed record LessonStep(Lesson Lesson, Step Step)
{
    /// <summary>The step number (1-based).</summary>
    public int Number => Step.Number;

    /// <summary>Minimal API binding from the route values <c>track</c>, <c>lesson</c> and <c>number</c>.</summary>
    public static ValueTask<LessonStep?> BindAsync(HttpContext http)
    {
        var values = http.Request.RouteValues;
        var track = values["track"] as string;
        var lesson = values["lesson"] as string;
        var number = int.TryParse(Convert.ToString(values["number"], System.Globalization.CultureInfo.InvariantCulture), out var n) ? n : -1;
        var found = http.RequestServices.GetRequiredService<LessonCatalogService>().Catalog.Find(track ?? "", lesson ?? "");
        if (found?.FindStep(number) is not { } step)
            throw ApiException.NotFound($"No step {number} in lesson '{ApiException.Quote(track)}/{ApiException.Quote(lesson)}'.");
        return ValueTask.FromResult<LessonStep?>(new LessonStep(found, step));
    }
}
