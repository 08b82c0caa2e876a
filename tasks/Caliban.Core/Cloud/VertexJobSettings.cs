using Caliban.Core.Vertex;

namespace Caliban.Core.Cloud;

/// <summary>
/// Checked, resolved settings for Vertex AI custom jobs: every value parsed, defaults applied as Caliban does, the
/// machine spec decided. Made by <see cref="Parse"/>; checked against the catalog by <see cref="VertexValidation"/>;
/// turned into request bodies by <see cref="CustomJobBuilder"/>.
/// </summary>
public sealed record VertexJobSettings
{
    /// <summary>Caliban's default machine in GPU mode.</summary>
    public const string DefaultGpuMachineType = "n1-standard-8";

    /// <summary>Caliban's default machine in CPU mode.</summary>
    public const string DefaultCpuMachineType = "n1-highcpu-32";

    public required ResolvedSetting Project { get; init; }
    public required ResolvedSetting Region { get; init; }

    /// <summary>The worker pool's machine type, accelerator and TPU topology, as sent.</summary>
    public required MachineSpec Machine { get; init; }

    /// <summary>The GPUs attached; null in CPU and TPU mode.</summary>
    public GpuSpec? Gpu { get; init; }

    /// <summary>True when <see cref="Gpu"/> is Caliban's default 1xP100 (not given): as in Caliban, it is not validated.</summary>
    public bool GpuIsCalibanDefault { get; init; }

    public TpuSpec? Tpu { get; init; }

    /// <summary>pd-ssd or pd-standard; null leaves Vertex's default (pd-ssd).</summary>
    public string? DiskType { get; init; }

    /// <summary>Null leaves Vertex's default (100 GB).</summary>
    public int? DiskSizeGb { get; init; }

    /// <summary>A proto Duration such as <c>"5400s"</c>; null leaves Vertex's default (7 days).</summary>
    public string? Timeout { get; init; }

    /// <summary>ON_DEMAND, SPOT, STANDARD, LOW_COST or FLEX_START; null leaves Vertex's default.</summary>
    public string? SchedulingStrategy { get; init; }

    public bool? RestartJobOnWorkerRestart { get; init; }
    public string? ServiceAccount { get; init; }
    public string? Network { get; init; }

    /// <summary>A <c>gs://</c> URI prefix.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The display-name stem: CalibanJobName, else <c>caliban-{user}</c>; no control characters, at most 128.</summary>
    public required string JobName { get; init; }

    public bool SkipValidation { get; init; }

    /// <summary>The user's labels (CalibanLabel), sanitized to Google's rules, sorted by key.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The containers' environment (CalibanEnv), sorted by name.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Checks every value of <paramref name="raw"/> and resolves defaults; each bad value is a CalibanException naming the
    /// property and its valid forms. <paramref name="cloudDefaults"/> resolves an empty project or region
    /// (<see cref="GoogleCloudDefaults.FromProcess"/> when null); <paramref name="catalog"/> maps TPU and built-in GPU
    /// machine types (<see cref="VertexCatalog.Default"/> when null).
    /// </summary>
    public static VertexJobSettings Parse(VertexJobSettingsInput raw, GoogleCloudDefaults? cloudDefaults = null, VertexCatalog? catalog = null) =>
        VertexJobSettingsParser.Parse(raw, cloudDefaults ?? GoogleCloudDefaults.FromProcess(), catalog ?? VertexCatalog.Default);
}
