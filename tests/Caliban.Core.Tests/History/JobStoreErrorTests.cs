using System.Security.Cryptography;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;

namespace Caliban.Core.Tests.History;

public sealed class JobStoreErrorTests
{
    [Fact]
    public void A_file_that_is_not_a_database_is_reported_and_left_untouched()
    {
        using var history = new TempHistory();
        var garbage = RandomNumberGenerator.GetBytes(8192);
        File.WriteAllBytes(history.DatabasePath, garbage);

        var error = Assert.Throws<CalibanException>(() => history.Open());

        Assert.Equal(ErrorCodes.JobStoreCorrupt, error.Code);
        Assert.Equal(history.DatabasePath, error.File);
        Assert.Contains(history.DatabasePath, error.Message);
        Assert.Contains("Move the file aside", error.Message);
        Assert.Contains("CALIBAN_DB", error.Message);
        Assert.Equal(garbage, File.ReadAllBytes(history.DatabasePath));
    }

    [Fact]
    public void A_schema_from_a_newer_version_is_refused_and_the_file_left_untouched()
    {
        using var history = new TempHistory();
        history.Execute($"CREATE TABLE caliban_future (x); PRAGMA user_version = {JobStoreSchema.CurrentVersion + 1};");
        var before = File.ReadAllBytes(history.DatabasePath);

        var error = Assert.Throws<CalibanException>(() => history.Open());

        Assert.Equal(ErrorCodes.JobStoreSchemaTooNew, error.Code);
        Assert.Contains($"schema version {JobStoreSchema.CurrentVersion + 1}", error.Message);
        Assert.Contains("Update Caliban.Sdk", error.Message);
        Assert.Equal(before, File.ReadAllBytes(history.DatabasePath));
        Assert.Equal("delete", history.Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public void Writing_to_an_unwritable_file_names_the_file_and_the_fix()
    {
        using var history = new TempHistory();
        long experimentId;
        using (var store = history.Open())
        {
            experimentId = store.Experiment("g", "alice").Id;
            store.AddJob(StoreSeeds.Job(experimentId));
        }
        WriteProtection.Protect(history.DatabasePath);

        using var readOnlyStore = history.Open();
        Assert.Single(readOnlyStore.ListJobs(new JobQuery()));
        var error = Assert.Throws<CalibanException>(() => readOnlyStore.AddJob(StoreSeeds.Job(experimentId)));

        Assert.Equal(ErrorCodes.JobStoreReadOnly, error.Code);
        Assert.Contains(history.DatabasePath, error.Message);
        Assert.Contains("writable", error.Message);
        Assert.Contains("CALIBAN_DB", error.Message);
    }

    [Fact]
    public void A_new_database_in_an_unwritable_folder_is_reported_when_opening()
    {
        using var history = new TempHistory();
        WriteProtection.Protect(history.Folder);

        var error = Assert.Throws<CalibanException>(() => history.Open());

        Assert.Equal(ErrorCodes.JobStoreReadOnly, error.Code);
        Assert.Contains(history.DatabasePath, error.Message);
        Assert.False(File.Exists(history.DatabasePath));
    }

    [Fact]
    public void A_database_folder_that_cannot_be_created_is_reported()
    {
        using var history = new TempHistory();
        WriteProtection.Protect(history.Folder);
        var path = Path.Combine(history.Folder, "nested", "caliban.db");

        var error = Assert.Throws<CalibanException>(() => TempHistory.Open(path));

        Assert.Equal(ErrorCodes.JobStoreReadOnly, error.Code);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void An_existing_database_in_an_unwritable_folder_cannot_be_written()
    {
        using var history = new TempHistory();
        long experimentId;
        using (var store = history.Open())
        {
            experimentId = store.Experiment("g", "alice").Id;
        }
        WriteProtection.Protect(history.Folder);

        // SQLite needs to create its WAL side files next to the database: with a read-only folder that fails at open or
        // at the first write, depending on the SQLite build; both must end in the same error.
        var error = Assert.Throws<CalibanException>(() =>
        {
            using var store = history.Open();
            store.AddJob(StoreSeeds.Job(experimentId));
        });

        Assert.Equal(ErrorCodes.JobStoreReadOnly, error.Code);
        Assert.Contains(history.DatabasePath, error.Message);
    }

    [Fact]
    public void A_path_that_is_a_folder_is_refused()
    {
        using var history = new TempHistory();

        var error = Assert.Throws<CalibanException>(() => TempHistory.Open(history.Folder));

        Assert.Equal(ErrorCodes.JobStorePathInvalid, error.Code);
        Assert.Contains(Path.Combine(history.Folder, "caliban.db"), error.Message);
    }

    [Fact]
    public void A_write_lock_held_past_the_budget_gives_the_locked_error_then_writes_resume()
    {
        using var history = new TempHistory();
        var shortWait = new JobStoreTimeouts(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400));
        using var store = history.Open(shortWait);
        var experiment = store.Experiment("g", "alice");

        using (var holder = history.Connect())
        using (var transaction = holder.BeginTransaction(deferred: false))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var error = Assert.Throws<CalibanException>(() => store.Add(experiment));

            Assert.Equal(ErrorCodes.JobStoreLocked, error.Code);
            Assert.Contains(history.DatabasePath, error.Message);
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        }

        store.Add(experiment);
        Assert.Single(store.ListJobs(new JobQuery()));
    }

    [Fact]
    public async Task A_write_waits_for_a_short_lock_instead_of_failing()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var experiment = store.Experiment("g", "alice");

        var holder = history.Connect();
        var transaction = holder.BeginTransaction(deferred: false);
        var release = Task.Run(async () =>
        {
            await Task.Delay(300);
            transaction.Commit();
            holder.Dispose();
        });

        store.Add(experiment);
        await release;
        Assert.Single(store.ListJobs(new JobQuery()));
    }

    [Fact]
    public void Updating_a_job_that_does_not_exist_is_reported()
    {
        using var history = new TempHistory();
        using var store = history.Open();

        var withChange = Assert.Throws<CalibanException>(() => store.UpdateJob(42, new JobUpdate { Status = JobStatus.Failed }));
        var withoutChange = Assert.Throws<CalibanException>(() => store.UpdateJob(42, new JobUpdate()));

        Assert.Equal(ErrorCodes.JobNotFound, withChange.Code);
        Assert.Equal(ErrorCodes.JobNotFound, withoutChange.Code);
        Assert.Contains("Job 42", withChange.Message);
        Assert.Contains("caliban status", withChange.Message);
    }
}
