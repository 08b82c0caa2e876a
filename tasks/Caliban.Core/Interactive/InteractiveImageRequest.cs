using Caliban.Core.Images;

namespace Caliban.Core.Interactive;

/// <summary>Which interactive image: the shell's, or the shell's plus Jupyter.</summary>
public enum InteractiveImageKind
{
    Shell,
    Notebook,
}

/// <summary>What <see cref="InteractiveImage.BuildAsync"/> needs: the project's image settings and where to keep its files.</summary>
public sealed record InteractiveImageRequest
{
    /// <summary>
    /// The project's image settings as for CalibanBuild (base image, mode, user, apt packages, extras, extra
    /// directories, dependency files). Its entry point is ignored: interactive images carry no code.
    /// </summary>
    public required DockerfileSpec Spec { get; init; }

    /// <summary>The project's image repository (CalibanImageName); the image is tagged NAME:shell-FINGERPRINT (or notebook-…).</summary>
    public required string ImageName { get; init; }

    /// <summary>The project's obj/caliban/ directory: the Dockerfile, stamp and hash cache go to its shell/ or notebook/ folder.</summary>
    public required string IntermediateDirectory { get; init; }

    /// <summary>The project's name, for the image's labels.</summary>
    public required string ProjectName { get; init; }

    public InteractiveImageKind Kind { get; init; } = InteractiveImageKind.Shell;

    /// <summary>The shell to be started; zsh is installed with apt when chosen.</summary>
    public InteractiveShell Shell { get; init; } = InteractiveShell.Bash;

    /// <summary>Notebook images only: the command that installs Jupyter, run as root (CalibanNotebookInstall).</summary>
    public string JupyterInstall { get; init; } = InteractiveImage.DefaultJupyterInstall;

    /// <summary>More .dockerignore-style patterns (CalibanContextExclude).</summary>
    public IReadOnlyList<string> ContextExcludes { get; init; } = [];

    public bool UseDefaultExcludes { get; init; } = true;
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public bool NoCache { get; init; }
    public string? Platform { get; init; }
    public string SdkVersion { get; init; } = "";
}
