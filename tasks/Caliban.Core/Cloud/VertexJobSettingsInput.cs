namespace Caliban.Core.Cloud;

/// <summary>
/// The raw MSBuild property and item values that shape Vertex AI jobs, exactly as given (empty = not set).
/// <see cref="VertexJobSettings.Parse"/> checks and resolves them.
/// </summary>
public sealed record VertexJobSettingsInput
{
    public string? Project { get; init; }                 // CalibanCloudProject
    public string? Region { get; init; }                  // CalibanCloudRegion
    public string? MachineType { get; init; }             // CalibanMachineType
    public string? GpuSpec { get; init; }                 // CalibanGpuSpec
    public string? TpuSpec { get; init; }                 // CalibanTpuSpec
    public string? DiskType { get; init; }                // CalibanDiskType
    public string? DiskSizeGb { get; init; }              // CalibanDiskSizeGb
    public string? Timeout { get; init; }                 // CalibanTimeout
    public string? SchedulingStrategy { get; init; }      // CalibanSchedulingStrategy
    public string? RestartOnWorkerRestart { get; init; }  // CalibanRestartOnWorkerRestart
    public string? ServiceAccount { get; init; }          // CalibanServiceAccount
    public string? Network { get; init; }                 // CalibanNetwork
    public string? OutputDirectory { get; init; }         // CalibanOutputDirectory
    public string? JobName { get; init; }                 // CalibanJobName
    public string? SkipValidation { get; init; }          // CalibanSkipValidation

    /// <summary>CalibanUseGpu: <c>false</c> is Caliban's <c>--nogpu</c>; empty (or <c>auto</c>, <c>true</c>) is GPU mode unless only a TPU is asked for.</summary>
    public string? UseGpu { get; init; }

    /// <summary>CalibanLabel items: Include → Value metadata, in item order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>CalibanEnv items: Include → Value metadata, in item order (a later item wins).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>The user in the default job name <c>caliban-{user}</c>; the OS user when null.</summary>
    public string? User { get; init; }
}
