using System.Globalization;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.History;
using Caliban.Core.Runs;
using k8s;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>One history row a Job stands for: its experiment, and (for an Indexed Job) its completion index.</summary>
/// <param name="SpecJson">How to run this job again on its own: a standalone Job manifest as JSON.</param>
public sealed record ClusterRow(long ExperimentId, string ExperimentName, string SpecJson, int? Index = null);

/// <summary>One Job to create and the history rows it stands for (one, or one per index of an Indexed Job).</summary>
public sealed record ClusterUnit(V1Job Manifest, IReadOnlyList<ClusterRow> Rows);

/// <summary>A submitted unit: its rows' history ids and how its create ended.</summary>
public sealed record ClusterUnitOutcome(ClusterUnit Unit, IReadOnlyList<long> JobIds, ClusterSubmitResult Result);

/// <summary>
/// Submits Jobs and keeps the job history true: every row is recorded SUBMITTED (ExternalId "namespace/name", details
/// naming the cluster) before any create, each Job is stamped with its submission, experiment and history job, and a
/// row whose Job could not be created is marked FAILED with the reason, so CalibanResubmit can try it again.
/// </summary>
public static class ClusterSubmission
{
    public const string Backend = "kubernetes";

    /// <summary>A fresh submission id: UTC time and randomness, valid as a label value.</summary>
    public static string NewId() =>
        $"{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// The units of a sweep: one Job per job, or one Indexed Job whose rows are its indexes. Each row keeps a
    /// standalone manifest of its job, so one failed index can be resubmitted alone.
    /// </summary>
    public static IReadOnlyList<ClusterUnit> Units(ClusterJobSettings settings, IReadOnlyList<PlannedJob> jobs, IReadOnlyList<long> experimentIds,
        string submission, bool indexed)
    {
        if (jobs.Count == 0) return [];
        if (!indexed)
        {
            return jobs.Select((job, position) =>
            {
                var manifest = JobManifests.ForJob(settings, job, submission);
                return new ClusterUnit(manifest, [new ClusterRow(experimentIds[position], job.Name, SpecJson(manifest))]);
            }).ToArray();
        }
        var rows = jobs.Select((job, position) => new ClusterRow(experimentIds[position], job.Name,
            SpecJson(JobManifests.ForJob(settings, job, submission)), position)).ToArray();
        return [new ClusterUnit(JobManifests.ForIndexedJob(settings, jobs, submission), rows)];
    }

    public static async Task<IReadOnlyList<ClusterUnitOutcome>> SubmitAsync(
        JobStore store, KubeCluster cluster, string user, string? digest, string submission, IReadOnlyList<ClusterUnit> units,
        ClusterSubmitOptions options, ICalibanLog log, CancellationToken ct)
    {
        var rows = units.SelectMany(unit => unit.Rows.Select(row => (Unit: unit, Row: row))).ToArray();
        var ids = store.AddJobs(rows.Select(entry =>
        {
            var details = Details(cluster, entry.Unit, entry.Row, digest, submission);
            return new NewJob
            {
                ExperimentId = entry.Row.ExperimentId,
                Backend = Backend,
                Status = JobStatus.Submitted,
                SpecJson = entry.Row.SpecJson,
                User = user,
                ExternalId = details.ExternalId,
                Details = details.ToJson(),
            };
        }).ToArray());

        var unitIds = new List<IReadOnlyList<long>>(units.Count);
        var next = 0;
        foreach (var unit in units)
        {
            unitIds.Add(ids.Skip(next).Take(unit.Rows.Count).ToArray());
            next += unit.Rows.Count;
        }
        var manifests = units.Select((unit, position) => JobManifests.Stamp(unit.Manifest, unit.Rows.Count == 1
            ? JobManifests.SubmissionLabels(submission, unit.Rows[0].ExperimentId, unitIds[position][0])
            : JobManifests.SubmissionLabels(submission, null, null))).ToArray();

        var results = await ClusterSubmitter.SubmitAsync(cluster, manifests, options, log, ct);

        var outcomes = new List<ClusterUnitOutcome>(units.Count);
        for (var position = 0; position < units.Count; position++)
        {
            var unit = units[position];
            var result = results[position];
            outcomes.Add(new ClusterUnitOutcome(unit, unitIds[position], result));
            if (result.Succeeded) continue;
            var reason = result.Error is { } error ? $"{error.Code}: {error.Message}" : "not submitted: the submission stopped at an earlier error";
            for (var row = 0; row < unit.Rows.Count; row++)
            {
                store.UpdateJob(unitIds[position][row], new JobUpdate
                {
                    Status = JobStatus.Failed,
                    FinishedAt = DateTime.UtcNow,
                    Details = (Details(cluster, unit, unit.Rows[row], digest, submission) with { Error = reason }).ToJson(),
                });
            }
        }
        return outcomes;
    }

    /// <summary>"Submitted N Job(s) …: X created, Y already there, Z failed; R retries" — the last line of a submission.</summary>
    public static string Summary(IReadOnlyList<ClusterUnitOutcome> outcomes, KubeCluster cluster, string group, TimeSpan? elapsed = null)
    {
        var created = outcomes.Count(o => o.Result.State == ClusterSubmitState.Created);
        var already = outcomes.Count(o => o.Result.State == ClusterSubmitState.AlreadyCreated);
        var failed = outcomes.Count(o => o.Result.State == ClusterSubmitState.Failed);
        var skipped = outcomes.Count(o => o.Result.State == ClusterSubmitState.NotAttempted);
        var rows = outcomes.Sum(o => o.Unit.Rows.Count);
        return string.Create(CultureInfo.InvariantCulture,
            $"Submitted {created + already} of {outcomes.Count} Job(s) ({rows} experiment job(s)) of group {group} to {cluster.Where()}{(elapsed is { } time ? $" in {time.TotalSeconds:0.0}s" : "")}: " +
            $"{created} created, {already} found already created by a retried request, {failed} failed, {skipped} not attempted; " +
            $"{outcomes.Sum(o => o.Result.Retries)} retries.");
    }

    /// <summary>The coded error for a submission with failures, naming each failed Job and why; null when all succeeded.</summary>
    public static CalibanException? Failure(IReadOnlyList<ClusterUnitOutcome> outcomes, KubeCluster cluster, string group)
    {
        var failed = outcomes.Where(o => !o.Result.Succeeded).ToArray();
        if (failed.Length == 0) return null;
        // An error that hits every Job alike is the whole story: report it as it is (forbidden, no namespace, …).
        if (failed.Select(o => o.Result.Error).FirstOrDefault(e => e is not null && KubeApiErrors.AffectsEveryJob(e)) is { } everyJob
            && failed.Length == outcomes.Count)
            return everyJob;
        var names = failed.Take(10).Select(o => $"{o.Result.Name} ({string.Join(", ", o.Unit.Rows.Select(r => r.ExperimentName))})");
        var reasons = failed.Select(o => o.Result.Error).OfType<CalibanException>().Select(e => $"{e.Code}: {e.Message}").Distinct().Take(3);
        return new CalibanException(ErrorCodes.ClusterSubmissionsFailed,
            $"{failed.Length} of {outcomes.Count} Job(s) of group {group} could not be submitted to {cluster.Where()}: " +
            $"{string.Join(", ", names)}{(failed.Length > 10 ? ", …" : "")}. They are recorded as FAILED; fix the cause and run " +
            $"-t:CalibanResubmit -p:CalibanExperimentGroup={group}. Reasons: {string.Join(" | ", reasons)}");
    }

    private static KubeJobDetails Details(KubeCluster cluster, ClusterUnit unit, ClusterRow row, string? digest, string submission) =>
        KubeJobDetails.For(cluster, unit.Manifest.Metadata.Name, row.Index, digest, submission);

    /// <summary>The standalone manifest of a row as JSON (what resubmit starts from).</summary>
    public static string SpecJson(V1Job manifest) => KubernetesJson.Serialize(manifest);
}
