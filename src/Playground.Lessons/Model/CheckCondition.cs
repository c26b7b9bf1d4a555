namespace Playground.Lessons;

/// <summary>
/// One condition of a step's check: <see cref="Run"/> is executed as the environment's user inside the
/// learner's sandbox; exit 0 = passed. <see cref="Fail"/> is the English fail text (translations: <see cref="Step.FailText"/>).
/// <see cref="Needs"/> lists earlier conditions that must pass for this one to run at all.
/// </summary>
public sealed record CheckCondition(string Id, LessonScript Run, string? Fail, IReadOnlyList<string> Needs, int Line);
