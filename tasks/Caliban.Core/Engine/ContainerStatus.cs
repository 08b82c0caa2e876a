namespace Caliban.Core.Engine;

/// <summary>One container as the engine reports it.</summary>
/// <param name="State">The engine's state word: created, running, paused, restarting, removing, exited or dead.</param>
/// <param name="ExitCode">The exit code once the container has exited; only inspection knows it, listing never does.</param>
public sealed record ContainerStatus(
    string Id,
    string Name,
    string State,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Labels)
{
    public bool HasExited => State is "exited" or "dead";
}
