using Caliban.Core.Execution;
using Caliban.Core.Images;

namespace Caliban.Core.Interactive;

/// <summary>What shell and notebook containers share: image, the mounted repo and home, the user, GPUs, credentials, labels.</summary>
public abstract record InteractiveOptions
{
    /// <summary>Where the repository appears in the container: the image's WORKDIR, as in Caliban.</summary>
    public const string AppDirectory = "/usr/app";

    /// <summary>Image id or tag, usually <see cref="InteractiveImage.BuildAsync"/>'s; it must be on the engine.</summary>
    public required string Image { get; init; }

    /// <summary>The repository, bind-mounted read-write at /usr/app so edits on either side show at once.</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>The uid the container runs as: the host user's, as the image was built for.</summary>
    public int UserId { get; init; } = HostAccount.HostUser().Uid;

    public int GroupId { get; init; } = HostAccount.HostUser().Gid;

    /// <summary>The image's user name; the home directory is mounted at /home/NAME (sanitized as in the image).</summary>
    public string UserName { get; init; } = HostAccount.HostUser().UserName;

    /// <summary>Don't mount the home directory (Caliban's --bare).</summary>
    public bool Bare { get; init; }

    /// <summary>The host directory mounted as home unless <see cref="Bare"/>; default: the user's home.</summary>
    public string? HomeDirectory { get; init; }

    public GpuMode Gpu { get; init; } = GpuMode.Auto;

    /// <summary>Google credentials mounted as for local runs; null finds them as local runs do (<see cref="LocalCredentials.Find"/>).</summary>
    public LocalCredentials? Credentials { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra container labels; the session adds its kind and the project directory.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The home directory inside the container, as the generated Dockerfile sets HOME.</summary>
    public string ContainerHome => $"/home/{LinuxUserNames.Sanitize(UserName)}";
}

/// <summary>`caliban shell`: an interactive shell in the project's image.</summary>
public sealed record ShellOptions : InteractiveOptions
{
    /// <summary>Which shell; <see cref="InteractiveShells.Default(bool)"/> gives Caliban's default. zsh must be in the image.</summary>
    public InteractiveShell Shell { get; init; } = InteractiveShell.Bash;
}

/// <summary>`caliban notebook`: a Jupyter server in the project's notebook image.</summary>
public sealed record NotebookOptions : InteractiveOptions
{
    /// <summary>Where the search for a free port starts when <see cref="Port"/> is not given.</summary>
    public const int FirstPort = 8888;

    /// <summary>The host port (also Jupyter's port in the container); null picks the first free one from 8888.</summary>
    public int? Port { get; init; }

    /// <summary>JupyterLab instead of the classic notebook (Caliban's --lab).</summary>
    public bool Lab { get; init; }

    /// <summary>How long Jupyter may take to print its address before the session gives up (CAL3405).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
