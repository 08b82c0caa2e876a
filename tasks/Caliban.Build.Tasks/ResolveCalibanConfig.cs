using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Execution;
using Caliban.Core.Images;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Caliban.Build.Tasks;

/// <summary>
/// Merges the project's properties with an existing .calibanconfig.json: decides the job mode (CPU or GPU),
/// the base image and the apt packages.
/// </summary>
public sealed class ResolveCalibanConfig : CalibanTask
{
    /// <summary>Path of .calibanconfig.json; a missing file means an empty configuration.</summary>
    [Required] public string ConfigFile { get; set; } = "";

    /// <summary>CalibanBaseImage: overrides both variants and the config file.</summary>
    public string? BaseImage { get; set; }

    [Required] public string BaseImageCpu { get; set; } = "";

    [Required] public string BaseImageGpu { get; set; } = "";

    /// <summary>CalibanUseGpu: true, false, or empty for auto (config's default_mode, else GPU when the engine has the nvidia runtime).</summary>
    public string? UseGpu { get; set; }

    public ITaskItem[] AptPackages { get; set; } = [];

    /// <summary>True when the caller goes on to build: then an engine that does not answer is an error here and now.</summary>
    public bool EngineRequired { get; set; }

    [Output] public string JobMode { get; private set; } = "";

    [Output] public string ResolvedBaseImage { get; private set; } = "";

    [Output] public ITaskItem[] ResolvedAptPackages { get; private set; } = [];

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var config = CalibanConfigFile.Load(ConfigFile, log);
        var mode = await DecideModeAsync(config, log, cancellationToken);
        var explicitImage = string.IsNullOrWhiteSpace(BaseImage) ? null : BaseImage.Trim();

        JobMode = mode.ToWord();
        ResolvedBaseImage = BaseImageResolver.Resolve(explicitImage, config.BaseImageFor(mode), BaseImageCpu, BaseImageGpu, mode, ConfigFile);
        ResolvedAptPackages = config.AptPackagesFor(mode)
            .Concat(AptPackages.Select(item => item.ItemSpec))
            .Select(name => name.Trim())
            .Where(name => name.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => (ITaskItem)new TaskItem(name))
            .ToArray();
    }

    private async Task<Core.Images.JobMode> DecideModeAsync(CalibanConfig config, ICalibanLog log, CancellationToken cancellationToken)
    {
        switch (RunSettings.Gpu(UseGpu))
        {
            case GpuMode.Required: return Core.Images.JobMode.Gpu;
            case GpuMode.Off: return Core.Images.JobMode.Cpu;
        }
        if (config.DefaultMode is { } configured) return configured;

        // Auto: a GPU image only where the local engine can run GPU containers. Without an engine, generating the
        // Dockerfile alone still works (CPU); a build fails here rather than waiting for the engine a second time.
        try
        {
            using var engine = await ContainerEngine.ConnectAsync(NullCalibanLog.Instance, cancellationToken);
            return await engine.HasRuntimeAsync("nvidia", cancellationToken) ? Core.Images.JobMode.Gpu : Core.Images.JobMode.Cpu;
        }
        catch (CalibanException) when (!EngineRequired)
        {
            log.Detail("No Docker engine answered while choosing the job mode; using CPU.");
            return Core.Images.JobMode.Cpu;
        }
    }
}
