namespace Playground.Cohorts;

/// <summary>Validation shared by the store and the web layer, so bad input fails the same way everywhere.</summary>
public static class CohortRules
{
    /// <summary>Longest cohort or instructor name, in characters.</summary>
    public const int MaxNameLength = 100;
    /// <summary>Longest learner display name, in characters.</summary>
    public const int MaxDisplayNameLength = 60;
    /// <summary>Most seats a cohort may have.</summary>
    public const int MaxSeats = 10_000;

    /// <summary>Throws <see cref="CohortException"/> (<see cref="CohortRefusal.Invalid"/>) with the first problem of <paramref name="draft"/>.</summary>
    public static void Validate(CohortDraft draft)
    {
        Name(draft.Name, "A cohort name");
        if (draft.SeatLimit is < 1 or > MaxSeats) Invalid($"The seat limit is a number from 1 to {MaxSeats}.");
        if (draft.ReservedSeats < 0 || draft.ReservedSeats > draft.SeatLimit) Invalid("Reserved seats are a number from 0 to the seat limit.");
        if (draft.SandboxQuota is < 1 or > 20) Invalid("The sandbox quota per learner is a number from 1 to 20.");
        if (draft.StartsAt is { } s && draft.EndsAt is { } e && e <= s) Invalid("The cohort must end after it starts.");
        if (draft.IdleTimeout is { } idle && idle < TimeSpan.FromMinutes(1)) Invalid("The idle timeout is at least one minute.");
        if (draft.Lifetime is { } life && life < TimeSpan.FromMinutes(1)) Invalid("The session lifetime is at least one minute.");
        if (draft.Opens.Count > 500) Invalid("A cohort opens at most 500 tracks or lessons.");
        foreach (var item in draft.Opens)
        {
            var parts = item?.Split('/') ?? [];
            if (string.IsNullOrWhiteSpace(item) || item.Length > 200 || parts.Length > 2 ||
                parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
                Invalid($"'{Shorten(item)}' is not a track ('docker') or lesson ('docker/images').");
        }
    }

    /// <summary>A trimmed, valid display name. Throws <see cref="CohortException"/> when empty or too long.</summary>
    public static string DisplayName(string? name) => Name(name, "A display name", MaxDisplayNameLength);

    /// <summary>A trimmed, valid name of at most <paramref name="max"/> characters; <paramref name="what"/> names it in the error. Throws <see cref="CohortException"/>.</summary>
    public static string Name(string? name, string what, int max = MaxNameLength)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > max || trimmed.Any(char.IsControl))
            Invalid($"{what} is 1 to {max} characters without control characters.");
        return trimmed;
    }

    private static string Shorten(string? s) => s is null ? "" : s.Length > 40 ? s[..40] + "…" : s;

    private static void Invalid(string message) => throw new CohortException(message, CohortRefusal.Invalid);
}
