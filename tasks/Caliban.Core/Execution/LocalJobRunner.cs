using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;

namespace Caliban.Core.Execution;

/// <summary>
/// Runs a local experiment: each job in its own container of one image, up to MaxParallel at once. A job that fails
/// (to start or with a non-zero exit) does not stop the others, and every container is removed when its job ends.
/// </summary>
public static partial class LocalJobRunner
{
    /// <summary>
    /// Runs the jobs and returns one result per job, in the request's order. Throws (before starting anything) a
    /// CalibanException when the image is missing (CAL3201), GPUs are required but absent (CAL3202), the log
    /// directory cannot be made (CAL3206) or the engine fails (CAL3002); a malformed request (MaxParallel below 1,
    /// a job index used twice, clashing log file names) is an ArgumentException. Cancelling <paramref name="ct"/> never throws: running jobs are stopped
    /// (SIGTERM, killed after 2 s), their containers removed, and they and the jobs not yet started come back
    /// <see cref="LocalJobOutcome.Stopped"/>. <paramref name="observer"/> is called from several threads when jobs
    /// run in parallel; <paramref name="log"/> only from the calling flow, before and after the jobs.
    /// </summary>
    public static async Task<IReadOnlyList<LocalJobResult>> RunAsync(
        ContainerEngine engine, LocalRunRequest request, ILocalRunObserver observer, ICalibanLog log, CancellationToken ct)
    {
        var logFiles = LogFileNames(request);
        var runId = request.RunId ?? NewRunId();
        var logDirectory = JobLog.PrepareDirectory(request.LogDirectory);
        ContainerSpec template;
        try
        {
            template = await PrepareAsync(engine, request, runId, log, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return [.. request.Jobs.Select(job => NeverStarted(job, observer))];
        }

        var execution = new LocalJobExecution(engine, observer);
        var results = new LocalJobResult[request.Jobs.Count];
        var next = -1;

        // Workers take jobs in order and run at most MaxParallel at once. As soon as a worker's job runs, the worker
        // takes its next job and creates that container, so creating stays off the path between two jobs.
        async Task WorkAsync()
        {
            var index = Interlocked.Increment(ref next);
            Task<LocalJobExecution.PreparedJob>? prepared = null; // the container of job `index`, when made early
            while (index < results.Length)
            {
                var job = request.Jobs[index];
                if (ct.IsCancellationRequested)
                {
                    if (prepared is not null) execution.Discard(await prepared.ConfigureAwait(false));
                    results[index] = NeverStarted(job, observer);
                    (index, prepared) = (Interlocked.Increment(ref next), null);
                    continue;
                }

                var current = await (prepared ?? execution.PrepareAsync(job, SpecFor(template, job, runId))).ConfigureAwait(false);
                var nextIndex = -1;
                Task<LocalJobExecution.PreparedJob>? nextPrepared = null;
                results[index] = await execution.RunAsync(current, Path.Combine(logDirectory, logFiles[index]), () =>
                {
                    nextIndex = Interlocked.Increment(ref next);
                    if (nextIndex < results.Length && !ct.IsCancellationRequested)
                        nextPrepared = execution.PrepareAsync(request.Jobs[nextIndex], SpecFor(template, request.Jobs[nextIndex], runId));
                }, ct).ConfigureAwait(false);
                (index, prepared) = (nextIndex, nextPrepared);
            }
        }

        try
        {
            var workers = Math.Min(request.MaxParallel, request.Jobs.Count);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync, CancellationToken.None))).ConfigureAwait(false);
        }
        finally
        {
            await execution.RemovalsAsync().ConfigureAwait(false);
            await SweepAsync(engine, runId, log).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>The log file name of a job without <see cref="LocalJob.LogFileName"/>: "job-INDEX-NAME.log", the name reduced to safe characters.</summary>
    public static string DefaultLogFileName(LocalJob job)
    {
        var name = UnsafeNameCharacters().Replace(job.Name, "_").Trim('_', '.');
        name = name.Length > 60 ? name[..60] : name;
        return name.Length == 0 ? $"job-{job.Index}.log" : $"job-{job.Index}-{name}.log";
    }

    private static async Task<ContainerSpec> PrepareAsync(ContainerEngine engine, LocalRunRequest request, string runId, ICalibanLog log, CancellationToken ct)
    {
        // Every job runs the same image even if its tag moves during the run.
        var image = await engine.InspectImageAsync(request.Image, ct).ConfigureAwait(false)
                    ?? throw ContainerFailure.ImageMissing(engine.Endpoint, request.Image);
        var gpus = await GpuSelection.DecideAsync(engine, request.Gpu, "the jobs", log, ct).ConfigureAwait(false);
        log.Detail($"Run {runId}: {request.Jobs.Count} job(s) of image {request.Image} ({image.Id}), up to {request.MaxParallel} at once, " +
                   (gpus == GpuPlan.AllGpus ? "with all GPUs." : "on the CPU."));
        var environment = new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1" };
        foreach (var (name, value) in request.Environment)
        {
            environment[name] = value;
        }

        return new ContainerSpec
        {
            Image = image.Id,
            Environment = environment,
            Labels = new Dictionary<string, string>(request.Labels) { [LocalRunLabels.RunId] = runId },
            Mounts = request.Mounts,
            AllGpus = gpus == GpuPlan.AllGpus,
            HostIpc = true,
            Init = true,
        };
    }

    private static ContainerSpec SpecFor(ContainerSpec template, LocalJob job, string runId) => template with
    {
        Arguments = job.Arguments,
        Name = $"caliban-{UnsafeNameCharacters().Replace(runId, "_")}-{job.Index}",
        Labels = new Dictionary<string, string>(template.Labels.Concat(job.Labels)) { [LocalRunLabels.JobIndex] = job.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    private static LocalJobResult NeverStarted(LocalJob job, ILocalRunObserver observer)
    {
        var now = DateTime.UtcNow;
        var result = new LocalJobResult(job, LocalJobOutcome.Stopped, null, null, null, "Stopped before it started.", now, now);
        observer.JobFinished(job, result);
        return result;
    }

    // Whatever a failed removal or an interrupted create left behind goes now; if the engine cannot be asked, say how to clean up.
    private static async Task SweepAsync(ContainerEngine engine, string runId, ICalibanLog log)
    {
        try
        {
            var left = await engine.ListContainersAsync(new Dictionary<string, string> { [LocalRunLabels.RunId] = runId }, CancellationToken.None)
                .ConfigureAwait(false);
            foreach (var container in left)
            {
                await engine.RemoveContainerAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
            }

            if (left.Count > 0)
            {
                log.Detail($"Removed {left.Count} container(s) of run {runId} that were left behind.");
            }
        }
        catch (CalibanException e)
        {
            log.Warning(ErrorCodes.ContainersLeftBehind,
                $"Could not make sure run {runId} left no containers behind: {e.Message} Once the engine answers, remove them with " +
                $"`docker rm -f $(docker ps -aq --filter label={LocalRunLabels.RunId}={runId})`.");
        }
    }

    // Programming errors of the caller (not user input), so plain argument exceptions.
    private static string[] LogFileNames(LocalRunRequest request)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxParallel, 1, nameof(request.MaxParallel));
        if (request.Jobs.GroupBy(job => job.Index).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Job index {twice.Key} appears more than once; each job needs its own index.", nameof(request));
        }

        var names = request.Jobs.Select(job => job.LogFileName ?? DefaultLogFileName(job)).ToArray();
        if (names.FirstOrDefault(name => name.Length == 0 || Path.GetFileName(name) != name || name is "." or "..") is { } bad)
        {
            throw new ArgumentException($"Log file name '{bad}' must be a plain file name.", nameof(request));
        }

        if (names.GroupBy(name => name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1) is { } shared)
        {
            throw new ArgumentException($"Two jobs would write the same log file '{shared.Key}'.", nameof(request));
        }

        return names;
    }

    private static string NewRunId() =>
        $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    // Safe in file names and container names alike.
    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex UnsafeNameCharacters();
}
