namespace Caliban.Core.Images;

/// <summary>Whether a job's image is built for and run on CPUs only or with GPUs attached.</summary>
public enum JobMode
{
    Cpu,
    Gpu,
}

/// <summary>The lower-case words Caliban uses for job modes (image tags, setup.py extras, `{}` in base images).</summary>
public static class JobModes
{
    /// <summary>"cpu" or "gpu".</summary>
    public static string ToWord(this JobMode mode) => mode == JobMode.Gpu ? "gpu" : "cpu";

    /// <summary>Parses "cpu"/"gpu" ignoring case and surrounding spaces, as Caliban does; null when it is neither.</summary>
    public static JobMode? TryParse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "cpu" => JobMode.Cpu,
        "gpu" => JobMode.Gpu,
        _ => null,
    };
}
