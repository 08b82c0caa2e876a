using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Caliban.Core.History;

/// <summary>
/// Builds the query behind <see cref="JobStore.ListJobs"/> in stages: matching jobs, then (optionally) each experiment's
/// latest, then the job limit, then the joined rows in group → experiment → job order.
/// </summary>
internal static class JobQuerySql
{
    public static SqliteCommand Create(SqliteConnection connection, JobQuery query)
    {
        var command = connection.CreateCommand();
        var filters = new List<string>();
        if (query.User is not null)
        {
            filters.Add("j.user_name = $user");
            command.With("$user", query.User);
        }
        if (query.Group is not null)
        {
            filters.Add("g.name = $group");
            command.With("$group", query.Group);
        }
        if (query.Backend is not null)
        {
            filters.Add("j.backend = $backend");
            command.With("$backend", query.Backend);
        }
        if (query.JobIds is not null)
        {
            // One JSON parameter instead of one per id: no limit on how many ids a caller passes.
            filters.Add("j.id IN (SELECT value FROM json_each($ids))");
            command.With("$ids", "[" + string.Join(",", query.JobIds.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]");
        }

        const string statusFilter = "status IN (SELECT value FROM json_each($statuses))";
        if (query.Statuses is not null)
        {
            command.With("$statuses", StoredJson.StringArray(query.Statuses.Select(status => status.ToStoredName()).ToArray()));
            if (!query.LatestPerExperiment) filters.Add("j." + statusFilter);
        }

        var sql = new StringBuilder();
        sql.Append("WITH matching AS (SELECT j.id, j.experiment_id, j.status FROM ").Append(JobViewRows.Joins);
        if (filters.Count > 0) sql.Append(" WHERE ").AppendJoin(" AND ", filters);
        sql.Append(')');
        var selected = "matching";

        if (query.LatestPerExperiment)
        {
            sql.Append(", latest AS (SELECT id, experiment_id, status FROM (SELECT id, experiment_id, status, ")
                .Append("ROW_NUMBER() OVER (PARTITION BY experiment_id ORDER BY id DESC) AS age FROM matching) WHERE age = 1");
            if (query.Statuses is not null) sql.Append(" AND ").Append(statusFilter);
            sql.Append(')');
            selected = "latest";
        }

        if (query.MaxJobs is > 0)
        {
            command.With("$max", query.MaxJobs.Value);
            sql.Append(query.Group is null
                ? $", limited AS (SELECT id FROM {selected} ORDER BY id DESC LIMIT $max)"
                : $", limited AS (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY experiment_id ORDER BY id DESC) AS age FROM {selected}) WHERE age <= $max)");
            selected = "limited";
        }

        sql.Append(" SELECT ").Append(JobViewRows.Columns).Append(" FROM ").Append(JobViewRows.Joins)
            .Append($" WHERE j.id IN (SELECT id FROM {selected}) ORDER BY g.id, e.id, j.id");
        command.CommandText = sql.ToString();
        return command;
    }
}
