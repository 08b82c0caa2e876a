using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Caliban.Core.History;

/// <summary>
/// One connection to the history file: opening with the right settings, schema checks, and reads and writes with a
/// bounded retry while other processes hold the write lock. Every SQLite failure leaves here as a CalibanException.
/// </summary>
internal sealed class JobStoreDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly JobStoreTimeouts _timeouts;

    private JobStoreDatabase(JobStoreLocation location, SqliteConnection connection, JobStoreTimeouts timeouts)
    {
        Location = location;
        _connection = connection;
        _timeouts = timeouts;
    }

    public JobStoreLocation Location { get; }

    public static JobStoreDatabase Open(JobStoreLocation location, JobStoreTimeouts timeouts)
    {
        if (Directory.Exists(location.Path)) throw JobStoreErrors.IsADirectory(location);
        CreateFolder(location);

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = location.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooled connections would keep the file open after Dispose, inside long-lived MSBuild nodes.
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(timeouts.BusyTimeout.TotalSeconds)),
        }.ToString());
        var database = new JobStoreDatabase(location, connection, timeouts);
        try
        {
            database.Initialize();
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Runs a read, retrying while the file is briefly locked (WAL recovery, a checkpoint).</summary>
    public T Read<T>(Func<SqliteConnection, T> read) => WithRetry(() => read(_connection));

    /// <summary>
    /// Runs a write in one IMMEDIATE transaction: the write lock is taken up front, so two writers never deadlock
    /// upgrading read locks, and a busy database fails at BEGIN where retrying the whole transaction is safe.
    /// </summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> write) => WithRetry(() =>
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        var result = write(_connection, transaction);
        transaction.Commit();
        return result;
    });

    public void Dispose() => _connection.Dispose();

    private static void CreateFolder(JobStoreLocation location)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(location.Path)!);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw JobStoreErrors.NotWritable(location, e.Message, e);
        }
    }

    private void Initialize()
    {
        // Opening never waits for locks; going through WithRetry turns a file SQLite cannot open into a CalibanException.
        WithRetry(() =>
        {
            _connection.Open();
            return 0;
        });
        Execute($"PRAGMA busy_timeout = {(int)_timeouts.BusyTimeout.TotalMilliseconds}");

        // Read the version before changing anything: a newer Caliban.Sdk's file is left exactly as it was.
        var version = Read(connection => JobStoreSchema.ReadVersion(connection));
        if (version > JobStoreSchema.CurrentVersion)
        {
            throw JobStoreErrors.SchemaTooNew(Location, version, JobStoreSchema.CurrentVersion);
        }

        UseWriteAheadLog();
        if (version < JobStoreSchema.CurrentVersion)
        {
            Write((connection, transaction) =>
            {
                // Another process may have upgraded the file since we looked.
                var current = JobStoreSchema.ReadVersion(connection, transaction);
                if (current > JobStoreSchema.CurrentVersion)
                {
                    throw JobStoreErrors.SchemaTooNew(Location, current, JobStoreSchema.CurrentVersion);
                }
                if (current < JobStoreSchema.CurrentVersion) JobStoreSchema.Upgrade(connection, transaction, current);
                return 0;
            });
        }
    }

    /// <summary>
    /// WAL lets readers work while one process writes, and NORMAL sync is safe under WAL (a crash can lose the last
    /// commits, never corrupt the file) while sparing an fsync per job.
    /// </summary>
    private void UseWriteAheadLog()
    {
        WithRetry(() =>
        {
            if (!string.Equals(Scalar("PRAGMA journal_mode"), "wal", StringComparison.OrdinalIgnoreCase))
            {
                Scalar("PRAGMA journal_mode = WAL");
            }
            Execute("PRAGMA synchronous = NORMAL");
            return 0;
        });
    }

    private T WithRetry<T>(Func<T> action)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return action();
            }
            catch (SqliteException e) when (JobStoreErrors.IsBusy(e) && clock.Elapsed < _timeouts.LockBudget)
            {
                // SQLite's busy handler already waited; a short jittered pause keeps retrying writers from moving in step.
                Thread.Sleep(Random.Shared.Next(5, 20 + 10 * Math.Min(attempt, 20)));
            }
            catch (SqliteException e) when (JobStoreErrors.Translate(e, Location, _timeouts.LockBudget) is { } translated)
            {
                throw translated;
            }
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
