using Microsoft.Data.Sqlite;

namespace Caliban.Core.History;

/// <summary>The joined columns behind a <see cref="JobView"/> and the reader for them.</summary>
internal static class JobViewRows
{
    public const string Columns = """
        j.id, j.status, j.backend, j.external_id, j.exit_code, j.created_at, j.started_at, j.finished_at, j.spec_json,
        j.log_path, j.details_json, j.user_name, e.id, e.name, e.arguments_json, g.id, g.name, c.id, c.image_id,
        c.image_tag, c.image_digest, c.git_commit, c.git_dirty, c.base_image, c.project_directory, c.spec_json
        """;

    public const string Joins = """
        caliban_jobs j
        JOIN caliban_experiments e ON e.id = j.experiment_id
        JOIN caliban_experiment_groups g ON g.id = e.group_id
        JOIN caliban_container_specs c ON c.id = e.container_spec_id
        """;

    public static JobView Read(SqliteDataReader row) => new(
        JobId: row.GetInt64(0),
        Status: JobStatusNames.FromStoredName(row.GetString(1)),
        Backend: row.GetString(2),
        ExternalId: row.GetStringOrNull(3),
        ExitCode: row.GetInt32OrNull(4),
        CreatedAt: row.GetTime(5),
        StartedAt: row.GetTimeOrNull(6),
        FinishedAt: row.GetTimeOrNull(7),
        SpecJson: row.GetString(8),
        LogPath: row.GetStringOrNull(9),
        Details: row.GetStringOrNull(10),
        User: row.GetString(11),
        ExperimentId: row.GetInt64(12),
        ExperimentName: row.GetString(13),
        Arguments: StoredJson.ReadStringArray(row.GetString(14)),
        GroupId: row.GetInt64(15),
        GroupName: row.GetString(16),
        ContainerSpecId: row.GetInt64(17),
        ImageId: row.GetString(18),
        ImageTag: row.GetStringOrNull(19),
        ImageDigest: row.GetStringOrNull(20),
        GitCommit: row.GetStringOrNull(21),
        GitDirty: row.GetBooleanOrNull(22),
        BaseImage: row.GetStringOrNull(23),
        ProjectDirectory: row.GetString(24),
        ContainerSpecJson: row.GetString(25));
}
