using Caliban.Core.Cloud;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>
/// Base of the tasks that read the Vertex AI job settings (CalibanMachineType, CalibanGpuSpec, … and the CalibanLabel
/// and CalibanEnv items): turns them into checked <see cref="VertexJobSettings"/>, validated against the catalog
/// unless CalibanSkipValidation.
/// </summary>
public abstract class VertexSettingsTask : JobHistoryTask
{
    public string? CloudProject { get; set; }
    public string? CloudRegion { get; set; }
    public string? MachineType { get; set; }
    public string? GpuSpec { get; set; }
    public string? TpuSpec { get; set; }
    public string? DiskType { get; set; }
    public string? DiskSizeGb { get; set; }
    public string? Timeout { get; set; }
    public string? SchedulingStrategy { get; set; }
    public string? RestartOnWorkerRestart { get; set; }
    public string? ServiceAccount { get; set; }
    public string? Network { get; set; }
    public string? OutputDirectory { get; set; }
    public string? JobName { get; set; }
    public string? SkipValidation { get; set; }
    public string? UseGpu { get; set; }
    public ITaskItem[] Labels { get; set; } = [];
    public ITaskItem[] EnvironmentVariables { get; set; } = [];

    /// <summary>The settings, parsed and validated; each problem is a CalibanException naming the property.</summary>
    protected VertexJobSettings CheckedSettings()
    {
        var settings = VertexJobSettings.Parse(SettingsInput());
        VertexValidation.Validate(settings);
        return settings;
    }

    private VertexJobSettingsInput SettingsInput() => new()
    {
        Project = CloudProject,
        Region = CloudRegion,
        MachineType = MachineType,
        GpuSpec = GpuSpec,
        TpuSpec = TpuSpec,
        DiskType = DiskType,
        DiskSizeGb = DiskSizeGb,
        Timeout = Timeout,
        SchedulingStrategy = SchedulingStrategy,
        RestartOnWorkerRestart = RestartOnWorkerRestart,
        ServiceAccount = ServiceAccount,
        Network = Network,
        OutputDirectory = OutputDirectory,
        JobName = JobName,
        SkipValidation = SkipValidation,
        UseGpu = UseGpu,
        Labels = Labels.Select(item => KeyValuePair.Create(item.ItemSpec, item.GetMetadata("Value"))).ToArray(),
        Environment = EnvironmentVariables.Select(item => KeyValuePair.Create(item.ItemSpec, item.GetMetadata("Value"))).ToArray(),
        User = RunSettings.User,
    };
}
