namespace Playground.Progress;

/// <summary>An anonymous learner. <see cref="Language"/> is null until the learner picks one,
/// so the host can fall back to the browser's Accept-Language.</summary>
public sealed record LearnerRecord(string Id, string? Language, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt);
