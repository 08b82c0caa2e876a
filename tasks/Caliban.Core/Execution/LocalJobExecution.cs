using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;

namespace Caliban.Core.Execution;

/// <summary>
/// One job's container from creation to removal: create, attach, start, stream output to the log and the observer, wait,
/// and always remove, whatever happened in between.
/// </summary>
internal sealed class LocalJobExecution(ContainerEngine engine, ILocalRunObserver observer)
{
    public async Task<LocalJobResult> RunAsync(LocalJob job, ContainerSpec spec, string logPath, CancellationToken ct)
    {
        var attempt = new Attempt(job, DateTime.UtcNow);
        observer.JobStarting(job);
        LocalJobResult result;
        try
        {
            result = await RunContainerAsync(attempt, spec, logPath, ct).ConfigureAwait(false);
        }
        catch (CalibanException e)
        {
            // Once the program runs, an engine that stops answering leaves its fate unknown; before that, the job failed.
            var unknown = attempt.Running && e.Code is ErrorCodes.EngineRequestFailed or ErrorCodes.ContainerVanished;
            result = attempt.End(unknown ? LocalJobOutcome.Unknown : LocalJobOutcome.Failed, null, $"{e.Code}: {e.Message}");
        }
        finally
        {
            if (attempt.ContainerId is { } containerId)
            {
                await RemoveAsync(containerId).ConfigureAwait(false);
            }
        }

        observer.JobFinished(job, result);
        return result;
    }

    private async Task<LocalJobResult> RunContainerAsync(Attempt attempt, ContainerSpec spec, string logPath, CancellationToken ct)
    {
        // Create, attach and start ignore ct: a request the engine completes after we hang up would leave a container we know nothing of.
        var containerId = attempt.ContainerId = await engine.CreateContainerAsync(spec, CancellationToken.None).ConfigureAwait(false);
        if (ct.IsCancellationRequested)
        {
            return attempt.End(LocalJobOutcome.Stopped, null, "Stopped before it started.");
        }

        using var output = await engine.AttachOutputAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        await engine.StartContainerAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        attempt.Running = true;
        using var log = JobLog.Create(logPath);
        attempt.LogPath = logPath;
        observer.JobStarted(attempt.Job, containerId, logPath);
        try
        {
            await output.ReadLinesAsync(line =>
            {
                log.WriteLine(line);
                observer.JobOutput(attempt.Job, line);
            }, ct).ConfigureAwait(false);
            var exitCode = await engine.WaitForExitAsync(containerId, ct).ConfigureAwait(false);
            return exitCode == 0
                ? attempt.End(LocalJobOutcome.Succeeded, 0, null)
                : attempt.End(LocalJobOutcome.Failed, exitCode, $"The job exited with code {exitCode}.");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return attempt.End(LocalJobOutcome.Stopped, await StopAsync(containerId).ConfigureAwait(false), "Stopped on request.");
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

    private sealed class Attempt(LocalJob job, DateTime startedAt)
    {
        public LocalJob Job { get; } = job;
        public string? ContainerId { get; set; }
        public string? LogPath { get; set; }
        public bool Running { get; set; }

        public LocalJobResult End(LocalJobOutcome outcome, int? exitCode, string? error) =>
            new(Job, outcome, exitCode, ContainerId, LogPath, error, startedAt, DateTime.UtcNow);
    }
}
