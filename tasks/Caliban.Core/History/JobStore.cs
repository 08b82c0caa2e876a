using Microsoft.Data.Sqlite;

namespace Caliban.Core.History;

/// <summary>
/// The per-user job history: experiment groups, container specs, experiments and jobs in one SQLite file
/// (<c>~/.caliban/caliban.db</c>, or <c>CALIBAN_DB</c>). Many processes may write at once; every write is one short
/// transaction. An instance holds one connection and serializes its callers, so threads may share it.
/// </summary>
public sealed class JobStore : IDisposable
{
    private readonly JobStoreDatabase _database;
    private readonly Lock _gate = new();

    private JobStore(JobStoreDatabase database) => _database = database;

    /// <summary>The database file in use.</summary>
    public string Path => _database.Location.Path;

    /// <summary>
    /// Opens (creating or upgrading as needed) the history at <paramref name="path"/>, else <c>CALIBAN_DB</c>, else
    /// <c>~/.caliban/caliban.db</c>. Throws a CalibanException for a read-only, corrupt or newer-version file.
    /// </summary>
    public static JobStore Open(string? path = null) =>
        Open(path, Environment.GetEnvironmentVariable, JobStoreTimeouts.Default);

    internal static JobStore Open(string? path, Func<string, string?> environment, JobStoreTimeouts timeouts) =>
        new(JobStoreDatabase.Open(JobStoreLocation.Resolve(path, environment), timeouts));

    public ExperimentGroup GetOrCreateGroup(string name, string user)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        return GetOrCreate(
            (connection, transaction) => connection
                .Command(transaction, $"SELECT {StoredRecords.GroupColumns} FROM caliban_experiment_groups WHERE user_name = $user AND name = $name")
                .With("$user", user).With("$name", name)
                .ReadSingle(StoredRecords.ReadGroup),
            (connection, transaction) => connection
                .Command(transaction, $"""
                    INSERT INTO caliban_experiment_groups (name, user_name, created_at) VALUES ($name, $user, $now)
                    RETURNING {StoredRecords.GroupColumns}
                    """)
                .With("$user", user).With("$name", name).With("$now", Now())
                .ReadSingle(StoredRecords.ReadGroup)!);
    }

    /// <summary>Finds the spec with the same image id, project directory and spec JSON (compared canonically), or stores this one.</summary>
    public ContainerSpecRecord GetOrCreateContainerSpec(ContainerSpecInput spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.ImageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.ProjectDirectory);
        var specJson = StoredJson.Canonical(spec.SpecJson, nameof(spec.SpecJson));
        var projectDirectory = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(spec.ProjectDirectory));
        return GetOrCreate(
            (connection, transaction) => connection
                .Command(transaction, $"""
                    SELECT {StoredRecords.ContainerSpecColumns} FROM caliban_container_specs
                    WHERE image_id = $image AND project_directory = $project AND spec_json = $spec
                    """)
                .With("$image", spec.ImageId).With("$project", projectDirectory).With("$spec", specJson)
                .ReadSingle(StoredRecords.ReadContainerSpec),
            (connection, transaction) => connection
                .Command(transaction, $"""
                    INSERT INTO caliban_container_specs
                        (image_id, image_tag, image_digest, git_commit, git_dirty, base_image, project_directory, spec_json, created_at)
                    VALUES ($image, $tag, $digest, $commit, $dirty, $base, $project, $spec, $now)
                    RETURNING {StoredRecords.ContainerSpecColumns}
                    """)
                .With("$image", spec.ImageId).With("$tag", spec.ImageTag).With("$digest", spec.ImageDigest)
                .With("$commit", spec.GitCommit).With("$dirty", spec.GitDirty).With("$base", spec.BaseImage)
                .With("$project", projectDirectory).With("$spec", specJson).With("$now", Now())
                .ReadSingle(StoredRecords.ReadContainerSpec)!);
    }

    /// <summary>Finds the experiment of this group and spec with the same arguments, or stores it under <paramref name="name"/>.</summary>
    public ExperimentRecord GetOrCreateExperiment(long groupId, long containerSpecId, string name, IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(arguments);
        var argumentsJson = StoredJson.StringArray(arguments);
        return GetOrCreate(
            (connection, transaction) => connection
                .Command(transaction, $"""
                    SELECT {StoredRecords.ExperimentColumns} FROM caliban_experiments
                    WHERE group_id = $group AND container_spec_id = $spec AND arguments_json = $arguments
                    """)
                .With("$group", groupId).With("$spec", containerSpecId).With("$arguments", argumentsJson)
                .ReadSingle(StoredRecords.ReadExperiment),
            (connection, transaction) => connection
                .Command(transaction, $"""
                    INSERT INTO caliban_experiments (group_id, container_spec_id, name, arguments_json, created_at)
                    VALUES ($group, $spec, $name, $arguments, $now)
                    RETURNING {StoredRecords.ExperimentColumns}
                    """)
                .With("$group", groupId).With("$spec", containerSpecId).With("$name", name)
                .With("$arguments", argumentsJson).With("$now", Now())
                .ReadSingle(StoredRecords.ReadExperiment)!);
    }

    /// <summary>Records one job in its own transaction and returns its id.</summary>
    public long AddJob(NewJob job) => AddJobs([job])[0];

    /// <summary>Records many jobs in one transaction (a sweep): all are stored or none.</summary>
    public IReadOnlyList<long> AddJobs(IReadOnlyList<NewJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var job in jobs) Validate(job);
        if (jobs.Count == 0) return [];
        lock (_gate)
        {
            return _database.Write((connection, transaction) =>
            {
                using var insert = connection.Command(transaction, """
                    INSERT INTO caliban_jobs
                        (experiment_id, backend, status, spec_json, user_name, external_id, log_path, details_json, created_at)
                    VALUES ($experiment, $backend, $status, $spec, $user, $external, $log, $details, $now)
                    RETURNING id
                    """);
                var ids = new List<long>(jobs.Count);
                foreach (var job in jobs)
                {
                    insert.Parameters.Clear();
                    insert.With("$experiment", job.ExperimentId).With("$backend", job.Backend)
                        .With("$status", job.Status.ToStoredName()).With("$spec", job.SpecJson).With("$user", job.User)
                        .With("$external", job.ExternalId).With("$log", job.LogPath).With("$details", job.Details)
                        .With("$now", Now());
                    ids.Add((long)insert.ExecuteScalar()!);
                }
                return ids;
            });
        }
    }

    /// <summary>Changes the given members of a job; throws CAL6007 when the job is not recorded.</summary>
    public void UpdateJob(long jobId, JobUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var assignments = new List<(string Column, object? Value)>();
        if (update.Status is { } status) assignments.Add(("status", status.ToStoredName()));
        if (update.ExitCode is { } exitCode) assignments.Add(("exit_code", exitCode));
        if (update.ExternalId is { } externalId) assignments.Add(("external_id", externalId));
        if (update.StartedAt is { } startedAt) assignments.Add(("started_at", StoredTime.ToText(startedAt)));
        if (update.FinishedAt is { } finishedAt) assignments.Add(("finished_at", StoredTime.ToText(finishedAt)));
        if (update.LogPath is { } logPath) assignments.Add(("log_path", logPath));
        if (update.Details is { } details) assignments.Add(("details_json", details));

        lock (_gate)
        {
            var found = assignments.Count == 0
                ? _database.Read(connection => Exists(connection, jobId))
                : _database.Write((connection, transaction) =>
                {
                    var sql = "UPDATE caliban_jobs SET " + string.Join(", ", assignments.Select(a => Assignment(a.Column, update.KeepStopped))) + " WHERE id = $id";
                    using var command = connection.Command(transaction, sql).With("$id", jobId);
                    foreach (var (column, value) in assignments) command.With("$" + column, value);
                    return command.ExecuteNonQuery() == 1;
                });
            if (!found) throw JobStoreErrors.JobNotFound(_database.Location, jobId);
        }
    }

    private static string Assignment(string column, bool keepStopped) => column == "status" && keepStopped
        ? $"status = CASE WHEN status = '{JobStatus.Stopped.ToStoredName()}' THEN status ELSE $status END"
        : $"{column} = ${column}";

    /// <summary>The jobs <paramref name="query"/> selects, ordered group → experiment → job (oldest first); see <see cref="JobQuery"/>.</summary>
    public IReadOnlyList<JobView> ListJobs(JobQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return _database.Read(connection => JobQuerySql.Create(connection, query).ReadAll(JobViewRows.Read));
        }
    }

    /// <summary>The experiment groups of <paramref name="user"/> (all users when null), oldest first.</summary>
    public IReadOnlyList<ExperimentGroup> ListGroups(string? user)
    {
        lock (_gate)
        {
            return _database.Read(connection => connection
                .Command(null, $"SELECT {StoredRecords.GroupColumns} FROM caliban_experiment_groups WHERE $user IS NULL OR user_name = $user ORDER BY id")
                .With("$user", user)
                .ReadAll(StoredRecords.ReadGroup));
        }
    }

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// Looks without the write lock first (the common case: the row exists), then finds-or-inserts inside one
    /// IMMEDIATE transaction, so concurrent callers agree on a single row.
    /// </summary>
    private T GetOrCreate<T>(Func<SqliteConnection, SqliteTransaction?, T?> find, Func<SqliteConnection, SqliteTransaction, T> create)
        where T : class
    {
        lock (_gate)
        {
            return _database.Read(connection => find(connection, null))
                ?? _database.Write((connection, transaction) => find(connection, transaction) ?? create(connection, transaction));
        }
    }

    private static bool Exists(SqliteConnection connection, long jobId)
    {
        using var command = connection.Command(null, "SELECT 1 FROM caliban_jobs WHERE id = $id").With("$id", jobId);
        return command.ExecuteScalar() is not null;
    }

    private static void Validate(NewJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(job.Backend, nameof(job.Backend));
        ArgumentException.ThrowIfNullOrWhiteSpace(job.User, nameof(job.User));
        ArgumentNullException.ThrowIfNull(job.SpecJson, nameof(job.SpecJson));
    }

    private static string Now() => StoredTime.ToText(DateTime.UtcNow);
}
