using Playground.Storage;

namespace Playground.Progress.Migrations;

/// <summary>
/// The progress schema as an ordered list of migrations, numbered 1, 2, 3 ... without gaps.
/// To change the schema, append migration N + 1 (never edit one that may have run somewhere);
/// <see cref="SqliteMigrator"/> applies every missing one in order, each in its own transaction.
/// </summary>
public static class ProgressMigrations
{
    /// <summary>Every migration of the progress schema, oldest first.</summary>
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "learners, lesson starts, step progress, quiz answers", """
            CREATE TABLE learners (
                id            TEXT PRIMARY KEY NOT NULL,
                language      TEXT NULL,
                created_at    TEXT NOT NULL,
                last_seen_at  TEXT NOT NULL
            );

            CREATE TABLE lesson_starts (
                learner_id  TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                lesson_key  TEXT NOT NULL,
                started_at  TEXT NOT NULL,
                PRIMARY KEY (learner_id, lesson_key)
            );

            -- passed_on_attempt remembers which attempt passed first, so exactly one racing check reports FirstPass.
            CREATE TABLE step_progress (
                learner_id         TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                lesson_key         TEXT NOT NULL,
                step               INTEGER NOT NULL CHECK (step >= 1),
                attempts           INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                failures           INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
                passed_at          TEXT NULL,
                passed_on_attempt  INTEGER NULL,
                hints_revealed     INTEGER NOT NULL DEFAULT 0 CHECK (hints_revealed >= 0),
                updated_at         TEXT NOT NULL,
                PRIMARY KEY (learner_id, lesson_key, step)
            );

            CREATE TABLE quiz_answers (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                learner_id   TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                lesson_key   TEXT NOT NULL,
                step         INTEGER NOT NULL CHECK (step >= 1),
                question_id  TEXT NOT NULL,
                answer_json  TEXT NOT NULL,
                correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
                answered_at  TEXT NOT NULL
            );
            CREATE INDEX quiz_answers_by_step ON quiz_answers (learner_id, lesson_key, step);
            """),

        // Anonymous learners who never come back pile up; a retention job deletes them by last-seen time.
        new(2, "index learners by last-seen time", """
            CREATE INDEX learners_by_last_seen ON learners (last_seen_at);
            """),

        // Instructors see who looked at a solution (issue 12's dashboard); the first view is what counts.
        new(3, "when a step's solution was first viewed", """
            ALTER TABLE step_progress ADD COLUMN solution_viewed_at TEXT NULL;
            """),

        // "Solve it for me" (issue 13): the first time the learner had the step solved for them.
        new(4, "when a step was solved with help", """
            ALTER TABLE step_progress ADD COLUMN solved_with_help_at TEXT NULL;
            """),
    ];
}
