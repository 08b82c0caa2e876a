using Microsoft.Data.Sqlite;

namespace Caliban.Core.History;

/// <summary>
/// The job history's schema as numbered forward migrations; the version lives in SQLite's <c>PRAGMA user_version</c>.
/// Tables carry a <c>caliban_</c> prefix so they sit beside Python Caliban's tables in the same
/// <c>~/.caliban/caliban.db</c> without touching them.
/// </summary>
internal static class JobStoreSchema
{
    // Steps[n] upgrades version n to n + 1. Never edit a shipped step: append a new one.
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE caliban_experiment_groups (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            user_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (user_name, name));
        CREATE INDEX caliban_experiment_groups_by_name ON caliban_experiment_groups (name);

        CREATE TABLE caliban_container_specs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            image_id TEXT NOT NULL,
            image_tag TEXT,
            image_digest TEXT,
            git_commit TEXT,
            git_dirty INTEGER,
            base_image TEXT,
            project_directory TEXT NOT NULL,
            spec_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (image_id, project_directory, spec_json));

        CREATE TABLE caliban_experiments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id INTEGER NOT NULL REFERENCES caliban_experiment_groups (id),
            container_spec_id INTEGER NOT NULL REFERENCES caliban_container_specs (id),
            name TEXT NOT NULL,
            arguments_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (group_id, container_spec_id, arguments_json));

        CREATE TABLE caliban_jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            experiment_id INTEGER NOT NULL REFERENCES caliban_experiments (id),
            backend TEXT NOT NULL,
            status TEXT NOT NULL,
            spec_json TEXT NOT NULL,
            user_name TEXT NOT NULL,
            external_id TEXT,
            log_path TEXT,
            details_json TEXT,
            exit_code INTEGER,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT);
        CREATE INDEX caliban_jobs_by_experiment ON caliban_jobs (experiment_id, id);
        CREATE INDEX caliban_jobs_by_user ON caliban_jobs (user_name, id);
        """,
    ];

    public static int CurrentVersion => Steps.Length;

    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    /// <summary>Runs the missing steps inside the caller's write transaction, so a failed upgrade leaves the old version.</summary>
    public static void Upgrade(SqliteConnection connection, SqliteTransaction transaction, int fromVersion)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var version = fromVersion; version < CurrentVersion; version++)
        {
            command.CommandText = Steps[version];
            command.ExecuteNonQuery();
        }
        command.CommandText = $"PRAGMA user_version = {CurrentVersion}";
        command.ExecuteNonQuery();
    }
}
