namespace Caliban.Core.Images;

/// <summary>The parts of a validated `.calibanconfig.json` that shape the image; <see cref="Empty"/> when there is no file.</summary>
public sealed record CalibanConfig
{
    /// <summary>The configuration of a project without a `.calibanconfig.json`.</summary>
    public static CalibanConfig Empty { get; } = new();

    /// <summary>The file this came from, for error messages; null for <see cref="Empty"/>.</summary>
    public string? SourceFile { get; init; }

    public IReadOnlyList<string> CpuAptPackages { get; init; } = [];

    public IReadOnlyList<string> GpuAptPackages { get; init; } = [];

    /// <summary>The `base_image` for CPU jobs as written (before `{}` and `dlvm:` expansion); null = the default.</summary>
    public string? CpuBaseImage { get; init; }

    /// <summary>The `base_image` for GPU jobs as written (before `{}` and `dlvm:` expansion); null = the default.</summary>
    public string? GpuBaseImage { get; init; }

    /// <summary>The mode used when the project doesn't choose one; null when the file doesn't say.</summary>
    public JobMode? DefaultMode { get; init; }

    /// <summary>The apt packages to install for a job mode, as written (the generator sorts and dedups them).</summary>
    public IReadOnlyList<string> AptPackagesFor(JobMode mode) => mode == JobMode.Gpu ? GpuAptPackages : CpuAptPackages;

    /// <summary>The configured base image for a job mode, or null to fall back to the default image.</summary>
    public string? BaseImageFor(JobMode mode) => mode == JobMode.Gpu ? GpuBaseImage : CpuBaseImage;
}
