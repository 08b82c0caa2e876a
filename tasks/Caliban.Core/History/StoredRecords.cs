using Microsoft.Data.Sqlite;

namespace Caliban.Core.History;

/// <summary>Column lists and row readers for groups, container specs and experiments, kept side by side so they stay in step.</summary>
internal static class StoredRecords
{
    public const string GroupColumns = "id, name, user_name, created_at";

    public const string ContainerSpecColumns =
        "id, image_id, image_tag, image_digest, git_commit, git_dirty, base_image, project_directory, spec_json, created_at";

    public const string ExperimentColumns = "id, group_id, container_spec_id, name, arguments_json, created_at";

    public static ExperimentGroup ReadGroup(SqliteDataReader row) =>
        new(row.GetInt64(0), row.GetString(1), row.GetString(2), row.GetTime(3));

    public static ContainerSpecRecord ReadContainerSpec(SqliteDataReader row) => new(
        row.GetInt64(0),
        row.GetString(1),
        row.GetStringOrNull(2),
        row.GetStringOrNull(3),
        row.GetStringOrNull(4),
        row.GetBooleanOrNull(5),
        row.GetStringOrNull(6),
        row.GetString(7),
        row.GetString(8),
        row.GetTime(9));

    public static ExperimentRecord ReadExperiment(SqliteDataReader row) => new(
        row.GetInt64(0),
        row.GetInt64(1),
        row.GetInt64(2),
        row.GetString(3),
        StoredJson.ReadStringArray(row.GetString(4)),
        row.GetTime(5));

    /// <summary>The first row read with <paramref name="read"/>, or null when there is none; disposes the command.</summary>
    public static T? ReadSingle<T>(this SqliteCommand command, Func<SqliteDataReader, T> read) where T : class
    {
        using var owned = command;
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(reader) : null;
    }

    /// <summary>Every row read with <paramref name="read"/>; disposes the command.</summary>
    public static List<T> ReadAll<T>(this SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        using var owned = command;
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}
