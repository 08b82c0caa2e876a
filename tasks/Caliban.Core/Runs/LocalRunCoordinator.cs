using System.Globalization;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Execution;
using Caliban.Core.Experiments;
using Caliban.Core.History;

namespace Caliban.Core.Runs;

/// <summary>One job of a finished local run: what was planned, its row in the history, and how it ended.</summary>
public sealed record LocalRunOutcome(PlannedJob Job, long JobId, LocalJobResult Result);

/// <summary>
/// Runs planned jobs on the local engine and keeps the job history true while they run: every job is recorded
/// SUBMITTED before anything starts, RUNNING with its container once started, and SUCCEEDED, FAILED or STOPPED at the end.
/// </summary>
public static class LocalRunCoordinator
{
    public const string Backend = "local";

    /// <param name="experimentIds">For a resubmit: the experiments the jobs run again (one per job); otherwise each job's
    /// experiment is found or made from the group, the image and its arguments.</param>
    public static async Task<IReadOnlyList<LocalRunOutcome>> RunAsync(
        JobStore store, ContainerEngine engine, string groupName, string user, RunImage image, IReadOnlyList<PlannedJob> jobs,
        RunOptions options, ICalibanLog log, CancellationToken cancellationToken, IReadOnlyList<long>? experimentIds = null)
    {
        var experiments = RunHistory.RecordExperiments(store, groupName, user, image, digest: null, jobs, experimentIds);
        var jobIds = store.AddJobs(jobs.Select((job, position) => new NewJob
        {
            ExperimentId = experiments[position],
            Backend = Backend,
            Status = JobStatus.Submitted,
            SpecJson = new LocalJobSpec(image.ImageId, image.Tag, job.Arguments, options.Environment, options.Mounts, options.Gpu).ToJson(),
            User = user,
        }).ToArray());

        var runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        var request = new LocalRunRequest
        {
            Image = image.ImageId,
            // LocalJob.Index is the job's position in this run, which is how results find their history rows.
            Jobs = jobs.Select((job, position) => new LocalJob(position, job.Name, job.Arguments)
            {
                Labels = new Dictionary<string, string>
                {
                    [RunLabels.Experiment] = experiments[position].ToString(CultureInfo.InvariantCulture),
                    [RunLabels.Job] = jobIds[position].ToString(CultureInfo.InvariantCulture),
                },
            }).ToArray(),
            MaxParallel = options.MaxParallel,
            Gpu = options.Gpu,
            Environment = options.Environment,
            Mounts = options.Mounts,
            Labels = new Dictionary<string, string>
            {
                [RunLabels.Group] = groupName,
                [RunLabels.User] = user,
            },
            LogDirectory = LogDirectory(store, groupName, runId),
            RunId = runId,
        };
        var recorder = new HistoryRecorder(store, jobs, jobIds, log);
        var results = await LocalJobRunner.RunAsync(engine, request, recorder, log, cancellationToken);
        return results.Select(result => new LocalRunOutcome(jobs[result.Job.Index], jobIds[result.Job.Index], result)).ToArray();
    }

    /// <summary>Where the output of a run's jobs is kept, beside the job store, so it outlives the containers.</summary>
    public static string LogDirectory(JobStore store, string groupName, string runId) =>
        Path.Combine(Path.GetDirectoryName(store.Path)!, "logs", SafeFileName(groupName), runId);

    private static string SafeFileName(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    internal static JobStatus ToStatus(LocalJobOutcome outcome) => outcome switch
    {
        LocalJobOutcome.Succeeded => JobStatus.Succeeded,
        LocalJobOutcome.Failed => JobStatus.Failed,
        LocalJobOutcome.Stopped => JobStatus.Stopped,
        _ => JobStatus.Unknown,
    };

    /// <summary>Writes each job's progress to the history and its output to the log; callbacks come from several threads.</summary>
    private sealed class HistoryRecorder(JobStore store, IReadOnlyList<PlannedJob> jobs, IReadOnlyList<long> jobIds, ICalibanLog log)
        : ILocalRunObserver
    {
        private readonly Lock _gate = new();

        public void JobStarting(LocalJob job)
        {
            lock (_gate) log.Info($"[{job.Name}] starting: {string.Join(' ', jobs[job.Index].Arguments)}");
        }

        public void JobStarted(LocalJob job, string containerId, string logPath)
        {
            lock (_gate)
            {
                store.UpdateJob(jobIds[job.Index], new JobUpdate
                {
                    Status = JobStatus.Running, ExternalId = containerId, LogPath = logPath, StartedAt = DateTime.UtcNow,
                });
            }
        }

        public void JobOutput(LocalJob job, string line)
        {
            lock (_gate) log.Info($"[{job.Name}] {line}");
        }

        public void JobFinished(LocalJob job, LocalJobResult result)
        {
            lock (_gate)
            {
                store.UpdateJob(jobIds[job.Index], new JobUpdate
                {
                    Status = ToStatus(result.Outcome),
                    KeepStopped = true, // `CalibanStop` from another process may have stopped this job already: that word stands
                    ExitCode = result.ExitCode,
                    FinishedAt = result.FinishedAt,
                    LogPath = result.LogPath,
                    ExternalId = result.ContainerId,
                });
            }
        }
    }
}
