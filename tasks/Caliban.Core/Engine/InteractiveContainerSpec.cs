namespace Caliban.Core.Engine;

/// <summary>
/// A container a person works in (a shell, a notebook server): the usual settings plus an entry point of its own,
/// optionally a terminal with stdin held open, and ports published on the host.
/// </summary>
public sealed record InteractiveContainerSpec
{
    public required ContainerSpec Container { get; init; }

    /// <summary>Replaces the image's ENTRYPOINT (e.g. /bin/bash); <see cref="ContainerSpec.Arguments"/> follow it.</summary>
    public required IReadOnlyList<string> EntryPoint { get; init; }

    /// <summary>Keep stdin open for a client to write to (<c>docker run -i</c>); it closes when that client goes.</summary>
    public bool OpenStdin { get; init; }

    /// <summary>Give the program a pseudo-terminal (<c>docker run -t</c>): output is then one raw stream.</summary>
    public bool Terminal { get; init; }

    /// <summary>The terminal's size at start, when known.</summary>
    public TerminalSize? TerminalSize { get; init; }

    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];
}

/// <summary>A terminal's size in character cells.</summary>
public readonly record struct TerminalSize(int Rows, int Columns);

/// <summary>A container's TCP port reachable on the host at <paramref name="HostAddress"/>:<paramref name="HostPort"/>.</summary>
public sealed record PublishedPort(int ContainerPort, string HostAddress, int HostPort);
