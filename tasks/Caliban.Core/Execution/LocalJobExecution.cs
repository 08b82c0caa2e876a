using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;

namespace Caliban.Core.Execution;

/// <summary>
/// One job's container from creation to removal: create, attach, start, stream output to the log and the observer, wait,
/// and always remove, whatever happened in between. Removal runs in the background so the next job can start at once;
/// <see cref="RemovalsAsync"/> waits for all of them.
/// </summary>
internal sealed class LocalJobExecution(ContainerEngine engine, ILocalRunObserver observer)
{
    private readonly List<Task> _removals = [];

    /// <summary>Completes when every container this execution started has been removed (or its removal failed).</summary>
    public Task RemovalsAsync()
    {
        lock (_removals) return Task.WhenAll(_removals);
    }

    /// <summary>
    /// Creates the job's container without starting it, so a worker can make its next container while the current
    /// one runs. A failure to create is kept in the attempt and reported when the job is run.
    /// </summary>
    public async Task<PreparedJob> PrepareAsync(LocalJob job, ContainerSpec spec)
    {
        var attempt = new Attempt(job);
        try
        {
            // Create ignores cancellation: a request the engine completes after we hang up would leave a container we know nothing of.
            attempt.ContainerId = await engine.CreateContainerAsync(spec, CancellationToken.None).ConfigureAwait(false);
        }
        catch (CalibanException e)
        {
            attempt.CreateError = e;
        }
        return new PreparedJob(attempt);
    }

    /// <summary>
    /// Runs a prepared job to its end. <paramref name="started"/> is called exactly once: as soon as the program runs,
    /// or when it could not start.
    /// </summary>
    public async Task<LocalJobResult> RunAsync(PreparedJob prepared, string logPath, Action started, CancellationToken ct)
    {
        var attempt = prepared.Attempt;
        attempt.StartedAt = DateTime.UtcNow; // the job's time counts from its run, not from when its container was made early
        var signalled = 0;
        void StartedOnce()
        {
            if (Interlocked.Exchange(ref signalled, 1) == 0) started();
        }

        LocalJobResult result;
        try
        {
            if (ct.IsCancellationRequested)
            {
                result = attempt.End(LocalJobOutcome.Stopped, null, "Stopped before it started.");
            }
            else
            {
                observer.JobStarting(attempt.Job);
                result = await RunContainerAsync(attempt, logPath, StartedOnce, ct).ConfigureAwait(false);
            }
        }
        catch (CalibanException e)
        {
            // Once the program runs, an engine that stops answering leaves its fate unknown; before that, the job failed.
            var unknown = attempt.Running && e.Code is ErrorCodes.EngineRequestFailed or ErrorCodes.ContainerVanished;
            result = attempt.End(unknown ? LocalJobOutcome.Unknown : LocalJobOutcome.Failed, null, $"{e.Code}: {e.Message}");
        }
        finally
        {
            StartedOnce();
            Discard(prepared);
        }

        observer.JobFinished(attempt.Job, result);
        return result;
    }

    /// <summary>Removes a prepared job's container in the background (after its run, or instead of it).</summary>
    public void Discard(PreparedJob prepared)
    {
        if (prepared.Attempt.ContainerId is { } containerId)
        {
            lock (_removals) _removals.Add(RemoveAsync(containerId));
        }
    }

    private async Task<LocalJobResult> RunContainerAsync(Attempt attempt, string logPath, Action started, CancellationToken ct)
    {
        if (attempt.CreateError is { } createError) throw createError;
        var containerId = attempt.ContainerId!;

        // Attach and start ignore ct for the same reason as create.
        using var output = await engine.AttachOutputAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        await engine.StartContainerAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        attempt.Running = true;
        started();
        using var log = JobLog.Create(logPath);
        attempt.LogPath = logPath;
        observer.JobStarted(attempt.Job, containerId, logPath);
        // Asked for at once, the exit code is there when the output ends: no round trip between two jobs.
        var exited = engine.WaitForExitAsync(containerId, ct);
        try
        {
            await output.ReadLinesAsync(line =>
            {
                log.WriteLine(line);
                observer.JobOutput(attempt.Job, line);
            }, ct).ConfigureAwait(false);
            var exitCode = await exited.ConfigureAwait(false);
            return exitCode == 0
                ? attempt.End(LocalJobOutcome.Succeeded, 0, null)
                : attempt.End(LocalJobOutcome.Failed, exitCode, $"The job exited with code {exitCode}.");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return attempt.End(LocalJobOutcome.Stopped, await StopAsync(containerId).ConfigureAwait(false), "Stopped on request.");
        }
        finally
        {
            // When reading failed first, the wait's own failure is of no further interest.
            _ = exited.ContinueWith(wait => wait.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }
    }

    // The exit code of the stopped program, when the engine still tells.
    private async Task<int?> StopAsync(string containerId)
    {
        try
        {
            await engine.StopContainerAsync(containerId, LocalContainers.StopGrace, CancellationToken.None).ConfigureAwait(false);
            return (await engine.InspectContainerAsync(containerId, CancellationToken.None).ConfigureAwait(false))?.ExitCode;
        }
        catch (CalibanException)
        {
            return null;
        }
    }

    private async Task RemoveAsync(string containerId)
    {
        try
        {
            await engine.RemoveContainerAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (CalibanException)
        {
            // The run's final sweep tries again, and warns if the engine still does not answer.
        }
    }

    /// <summary>A job whose container exists (or failed to be made) and has not started.</summary>
    public sealed class PreparedJob
    {
        internal PreparedJob(Attempt attempt) => Attempt = attempt;

        internal Attempt Attempt { get; }

        public LocalJob Job => Attempt.Job;
    }

    internal sealed class Attempt(LocalJob job)
    {
        public LocalJob Job { get; } = job;
        public DateTime StartedAt { get; set; } = DateTime.UtcNow;
        public string? ContainerId { get; set; }
        public CalibanException? CreateError { get; set; }
        public string? LogPath { get; set; }
        public bool Running { get; set; }

        public LocalJobResult End(LocalJobOutcome outcome, int? exitCode, string? error) =>
            new(Job, outcome, exitCode, ContainerId, LogPath, error, StartedAt, DateTime.UtcNow);
    }
}
