using Caliban.Core.Engine;

namespace Caliban.Core.Execution;

/// <summary>Helpers for the container of a stored local job: how is it doing, and stop it.</summary>
public static class LocalContainers
{
    /// <summary>Grace a job's program gets to exit after SIGTERM before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The container's outcome (null while it has not finished), its exit code once it exited, and whether it
    /// still exists; a run removes its containers when they finish, so a missing one has simply ended.
    /// </summary>
    public static async Task<(LocalJobOutcome? Outcome, int? ExitCode, bool Exists)> InspectAsync(
        ContainerEngine engine, string containerId, CancellationToken ct)
    {
        var status = await engine.InspectContainerAsync(containerId, ct).ConfigureAwait(false);
        if (status is null)
        {
            return (null, null, false);
        }

        LocalJobOutcome? outcome = status.State switch
        {
            "exited" => status.ExitCode == 0 ? LocalJobOutcome.Succeeded : LocalJobOutcome.Failed,
            "dead" => LocalJobOutcome.Unknown,
            _ => null,
        };
        return (outcome, status.ExitCode, true);
    }

    /// <summary>Stops the container (SIGTERM, killed after <see cref="StopGrace"/>) and removes it; a missing container is fine.</summary>
    public static async Task StopAsync(ContainerEngine engine, string containerId, CancellationToken ct)
    {
        await engine.StopContainerAsync(containerId, StopGrace, ct).ConfigureAwait(false);
        await engine.RemoveContainerAsync(containerId, ct).ConfigureAwait(false);
    }
}
