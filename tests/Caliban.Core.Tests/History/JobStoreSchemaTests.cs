using Caliban.Core.History;

namespace Caliban.Core.Tests.History;

public sealed class JobStoreSchemaTests
{
    [Fact]
    public void A_new_file_gets_the_current_schema_in_WAL_mode()
    {
        using var history = new TempHistory();
        using (var store = history.Open())
        {
            Assert.Equal(history.DatabasePath, store.Path);
            Assert.Equal("wal", history.Scalar("PRAGMA journal_mode"));
        }

        Assert.Equal((long)JobStoreSchema.CurrentVersion, history.Scalar("PRAGMA user_version"));
        var tables = history.Scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'caliban_%' ORDER BY name)");
        Assert.Equal("caliban_container_specs,caliban_experiment_groups,caliban_experiments,caliban_jobs", tables);
    }

    [Fact]
    public void An_empty_version_0_file_is_upgraded_in_place()
    {
        using var history = new TempHistory();
        File.WriteAllBytes(history.DatabasePath, []);

        using var store = history.Open();
        var experiment = store.Experiment("g", "alice");
        store.Add(experiment);

        Assert.Single(store.ListJobs(new JobQuery()));
        Assert.Equal((long)JobStoreSchema.CurrentVersion, history.Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void Python_Calibans_tables_in_the_same_file_are_left_alone()
    {
        using var history = new TempHistory();
        history.Execute("""
            CREATE TABLE jobs (id INTEGER PRIMARY KEY, status TEXT, user TEXT);
            INSERT INTO jobs (status, user) VALUES ('SUCCEEDED', 'alice');
            CREATE TABLE experiment_groups (id INTEGER PRIMARY KEY, name TEXT, user TEXT);
            """);

        using (var store = history.Open())
        {
            store.Add(store.Experiment("g", "alice"));
            Assert.Single(store.ListJobs(new JobQuery()));
        }

        Assert.Equal("SUCCEEDED|alice", history.Scalar("SELECT status || '|' || user FROM jobs"));
        Assert.Equal(1L, history.Scalar("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public void Reopening_keeps_the_data_and_the_version()
    {
        using var history = new TempHistory();
        using (var store = history.Open())
        {
            store.Add(store.Experiment("g", "alice"));
        }
        using (var store = history.Open())
        {
            Assert.Single(store.ListJobs(new JobQuery()));
        }
        Assert.Equal((long)JobStoreSchema.CurrentVersion, history.Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void Closing_the_last_store_leaves_no_WAL_side_files()
    {
        using var history = new TempHistory();
        using (var store = history.Open())
        {
            store.Add(store.Experiment("g", "alice"));
        }

        Assert.False(File.Exists(history.DatabasePath + "-wal"));
        Assert.False(File.Exists(history.DatabasePath + "-shm"));
    }
}
