using Playground.Storage;

namespace Playground.Cohorts;

/// <summary>
/// The cohort schema (instructors, cohorts, members, the instructor action log), versioned in its own
/// bookkeeping table <c>cohort_schema_migrations</c> beside Progress's. Append, never edit.
/// </summary>
public static class CohortMigrations
{
    /// <summary>The table that records applied cohort migrations.</summary>
    public const string Table = "cohort_schema_migrations";

    /// <summary>Every migration of the cohort schema, oldest first.</summary>
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "instructors, sign-in links, cohorts, members, instructor actions", """
            CREATE TABLE instructors (
                id             TEXT PRIMARY KEY NOT NULL,
                name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
                password_hash  TEXT NULL,
                created_at     TEXT NOT NULL
            );

            -- One-time sign-in links; only a SHA-256 of the token is kept.
            CREATE TABLE instructor_sign_in_links (
                token_hash     TEXT PRIMARY KEY NOT NULL,
                instructor_id  TEXT NOT NULL REFERENCES instructors(id) ON DELETE CASCADE,
                expires_at     TEXT NOT NULL,
                used_at        TEXT NULL
            );

            -- opens: JSON array of 'track' or 'track/lesson'; join_code NULL = closed to new learners.
            CREATE TABLE cohorts (
                id                    TEXT PRIMARY KEY NOT NULL,
                name                  TEXT NOT NULL,
                opens                 TEXT NOT NULL,
                starts_at             TEXT NULL,
                ends_at               TEXT NULL,
                seat_limit            INTEGER NOT NULL CHECK (seat_limit >= 1),
                sandbox_quota         INTEGER NULL CHECK (sandbox_quota >= 1),
                idle_timeout_seconds  INTEGER NULL CHECK (idle_timeout_seconds >= 60),
                lifetime_seconds      INTEGER NULL CHECK (lifetime_seconds >= 60),
                join_code             TEXT NULL UNIQUE,
                created_by            TEXT NOT NULL,
                created_at            TEXT NOT NULL
            );

            -- A learner belongs to at most one cohort; the resume code brings their identity to another browser.
            CREATE TABLE cohort_members (
                learner_id    TEXT PRIMARY KEY NOT NULL,
                cohort_id     TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
                display_name  TEXT NOT NULL,
                resume_code   TEXT NOT NULL UNIQUE,
                joined_at     TEXT NOT NULL
            );
            CREATE INDEX cohort_members_by_cohort ON cohort_members (cohort_id);

            CREATE TABLE instructor_actions (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                instructor_id  TEXT NOT NULL,
                cohort_id      TEXT NULL,
                action         TEXT NOT NULL,
                target         TEXT NULL,
                detail         TEXT NULL,
                at             TEXT NOT NULL
            );
            CREATE INDEX instructor_actions_by_cohort ON instructor_actions (cohort_id, id);
            """),
        new(2, "cohort reserved seats", """
            -- Seats held for the cohort's learners while its window is open (capacity admission); 0 reserves nothing.
            ALTER TABLE cohorts ADD COLUMN reserved_seats INTEGER NOT NULL DEFAULT 0 CHECK (reserved_seats >= 0);
            """),
    ];
}
