using Caliban.Core.Execution;

namespace Caliban.Core.Engine;

/// <summary>Everything needed to create one container: image, arguments, environment, labels, mounts and devices.</summary>
public sealed record ContainerSpec
{
    /// <summary>Image id or name; it must already be on the engine (nothing is pulled).</summary>
    public required string Image { get; init; }

    /// <summary>Appended to the image's ENTRYPOINT; when empty the image's CMD applies.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<BindMount> Mounts { get; init; } = [];

    /// <summary>Container name; null lets the engine pick one.</summary>
    public string? Name { get; init; }

    /// <summary>Overrides the image's WORKDIR when set.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Overrides the image's USER ("uid:gid" or a name) when set.</summary>
    public string? User { get; init; }

    /// <summary>Attach every GPU, like <c>docker run --gpus all</c>.</summary>
    public bool AllGpus { get; init; }

    /// <summary>Share the host's IPC namespace (Caliban's <c>--ipc host</c>): PyTorch data loaders need more shared memory than the 64 MB default.</summary>
    public bool HostIpc { get; init; }

    /// <summary>Run a tiny init as PID 1 so SIGTERM reaches the program (Python as PID 1 ignores it) and zombies are reaped.</summary>
    public bool Init { get; init; }
}
