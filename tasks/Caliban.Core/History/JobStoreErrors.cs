using Caliban.Core.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Caliban.Core.History;

/// <summary>Turns SQLite and file-system failures into errors that name the database, where its path came from, and the fix.</summary>
internal static class JobStoreErrors
{
    // SQLite primary result codes (https://www.sqlite.org/rescode.html).
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    public static bool IsBusy(SqliteException e) => e.SqliteErrorCode is Busy or Locked;

    /// <summary>The user-facing error for a SQLite failure, or null for failures that are programming errors (constraints, SQL).</summary>
    public static CalibanException? Translate(SqliteException e, JobStoreLocation location, TimeSpan lockBudget) => e.SqliteErrorCode switch
    {
        ReadOnly or CantOpen or Perm => NotWritable(location, e.Message, e),
        Corrupt or NotADatabase => NotADatabaseFile(location, e.Message, e),
        Busy or Locked => StillLocked(location, lockBudget, e),
        Full or IoErr => IoFailed(location, e.Message, e),
        _ => null,
    };

    public static CalibanException NotWritable(JobStoreLocation location, string reason, Exception? inner = null) => new(
        ErrorCodes.JobStoreReadOnly,
        $"The job history database '{location.Path}' ({location.Source}) cannot be written: {Sentence(reason)} " +
        $"Make the file and its folder writable for this user, or set {JobStoreLocation.EnvironmentVariable} to a writable path.",
        location.Path,
        inner);

    public static CalibanException NotADatabaseFile(JobStoreLocation location, string reason, Exception? inner = null) => new(
        ErrorCodes.JobStoreCorrupt,
        $"'{location.Path}' ({location.Source}) is not a readable job history database: {Sentence(reason)} " +
        $"Move the file aside (Caliban.Sdk never overwrites it) to start a new history, or set {JobStoreLocation.EnvironmentVariable} to another path.",
        location.Path,
        inner);

    public static CalibanException SchemaTooNew(JobStoreLocation location, int found, int understood) => new(
        ErrorCodes.JobStoreSchemaTooNew,
        $"The job history database '{location.Path}' ({location.Source}) has schema version {found}, written by a newer " +
        $"Caliban.Sdk; this one understands up to {understood} and left the file untouched. Update Caliban.Sdk, or set " +
        $"{JobStoreLocation.EnvironmentVariable} to another path.",
        location.Path);

    public static CalibanException StillLocked(JobStoreLocation location, TimeSpan budget, Exception? inner = null) => new(
        ErrorCodes.JobStoreLocked,
        $"The job history database '{location.Path}' ({location.Source}) stayed locked by another process for " +
        $"{budget.TotalSeconds:0.#} s. Try again when other Caliban builds finish; if none run, close whatever holds the file " +
        "open in a transaction (a sqlite3 shell, a database browser).",
        location.Path,
        inner);

    public static CalibanException IoFailed(JobStoreLocation location, string reason, Exception? inner = null) => new(
        ErrorCodes.JobStoreIoFailed,
        $"Reading or writing the job history database '{location.Path}' ({location.Source}) failed: {Sentence(reason)} " +
        $"Check the free space and health of its disk, or set {JobStoreLocation.EnvironmentVariable} to a path on another disk.",
        location.Path,
        inner);

    public static CalibanException IsADirectory(JobStoreLocation location) => new(
        ErrorCodes.JobStorePathInvalid,
        $"The job history database path '{location.Path}' ({location.Source}) is a folder. Point it at a file, " +
        $"e.g. '{Path.Combine(location.Path, "caliban.db")}'.",
        location.Path);

    public static CalibanException JobNotFound(JobStoreLocation location, long jobId) => new(
        ErrorCodes.JobNotFound,
        $"Job {jobId} is not in the job history database '{location.Path}' ({location.Source}). " +
        "List the recorded job ids with `caliban status`.",
        location.Path);

    // SQLite messages look like "SQLite Error 8: 'attempt to write a readonly database'."; keep them one sentence.
    private static string Sentence(string reason)
    {
        var trimmed = reason.Trim();
        return trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }
}
