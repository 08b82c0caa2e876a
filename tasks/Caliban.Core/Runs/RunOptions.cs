using Caliban.Core.Execution;
using Caliban.Core.SourceControl;

namespace Caliban.Core.Runs;

/// <summary>The container settings every job of a local run shares.</summary>
public sealed record RunOptions
{
    public int MaxParallel { get; init; } = 1;
    public GpuMode Gpu { get; init; } = GpuMode.Auto;
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];
}

/// <summary>The image jobs run on, and what it was built from (recorded as the jobs' container spec).</summary>
public sealed record RunImage
{
    public required string ImageId { get; init; }
    public string? Tag { get; init; }
    public string? BaseImage { get; init; }
    public string? GitCommit { get; init; }
    public bool? GitDirty { get; init; }
    public required string ProjectDirectory { get; init; }

    /// <summary>What else shaped the image (entry point, settings), as JSON, so a later resubmit can explain it.</summary>
    public string BuildSpecJson { get; init; } = "{}";

    /// <summary>The image CalibanBuild just made from the project, with the checkout's commit and dirty flag.</summary>
    public static RunImage FromBuild(string projectDirectory, string? imageId, string? tag, string? baseImage, string buildSpecJson)
    {
        var git = GitInfo.Read(projectDirectory);
        return new RunImage
        {
            ImageId = string.IsNullOrEmpty(imageId) ? throw new InvalidOperationException("The jobs need the image built by CalibanBuild.") : imageId,
            Tag = tag,
            BaseImage = baseImage,
            GitCommit = git.Commit,
            GitDirty = git.Dirty,
            ProjectDirectory = projectDirectory,
            BuildSpecJson = buildSpecJson,
        };
    }
}
