using Caliban.Core.History;
using Microsoft.Data.Sqlite;

namespace Caliban.Core.Tests.History;

/// <summary>A job history in a fresh temp folder; never reads CALIBAN_DB or touches ~/.caliban.</summary>
internal sealed class TempHistory : IDisposable
{
    // Short enough that lock tests finish quickly, long enough for the concurrency tests on a two-core machine.
    public static readonly JobStoreTimeouts TestTimeouts = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    public TempHistory()
    {
        Folder = Path.Combine(Path.GetTempPath(), "caliban-history-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "caliban.db");
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    public JobStore Open(JobStoreTimeouts? timeouts = null) => Open(DatabasePath, timeouts);

    public static JobStore Open(string path, JobStoreTimeouts? timeouts = null) =>
        JobStore.Open(path, _ => null, timeouts ?? TestTimeouts);

    /// <summary>A plain connection for looking at (or preparing) the file behind the store's back.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Execute(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        WriteProtection.Release(Folder);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail the test that made it.
        }
    }
}
