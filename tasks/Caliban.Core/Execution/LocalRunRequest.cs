namespace Caliban.Core.Execution;

/// <summary>What to run locally: one image, its jobs, and how (parallelism, GPUs, environment, mounts, labels, logs).</summary>
public sealed record LocalRunRequest
{
    /// <summary>Image id or tag; it must be on the engine already.</summary>
    public required string Image { get; init; }

    public required IReadOnlyList<LocalJob> Jobs { get; init; }

    /// <summary>How many jobs run at once (at least 1).</summary>
    public int MaxParallel { get; init; } = 1;

    public GpuMode Gpu { get; init; } = GpuMode.Auto;

    /// <summary>Extra container environment; PYTHONUNBUFFERED=1 is always set unless this overrides it.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<BindMount> Mounts { get; init; } = [];

    /// <summary>Labels every container of the run carries (e.g. experiment group); the run id and job index are added.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Directory (created if missing) that receives each job's whole output as a .log file.</summary>
    public required string LogDirectory { get; init; }

    /// <summary>Labels the run's containers (<c>build.caliban.run-id</c>) and prefixes their names; default: a new unique id.</summary>
    public string? RunId { get; init; }
}
