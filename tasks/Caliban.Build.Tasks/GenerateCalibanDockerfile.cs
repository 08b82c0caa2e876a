using Caliban.Core.Build;
using Caliban.Core.Diagnostics;
using Caliban.Core.Images;
using Caliban.Core.IO;
using Caliban.Core.Naming;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Caliban.Build.Tasks;

/// <summary>
/// Writes obj/caliban/Dockerfile from the project (or takes the user's own Dockerfile) and the settings file that
/// records everything else that shapes the image, each only when its text changes.
/// </summary>
public sealed class GenerateCalibanDockerfile : CalibanTask
{
    [Required] public string ProjectDirectory { get; set; } = "";
    [Required] public string ProjectFileName { get; set; } = "";
    public string? SdkVersion { get; set; }

    /// <summary>CalibanEntryPoint: a module (trainer.train) or a script path (scripts/run.py, run.sh).</summary>
    public string? EntryPoint { get; set; }

    /// <summary>CalibanDockerfile: the user's own Dockerfile, used as it is instead of a generated one.</summary>
    public string? UserDockerfile { get; set; }

    [Required] public string DockerfilePath { get; set; } = "";
    [Required] public string SettingsFile { get; set; } = "";
    public string BaseImage { get; set; } = "";
    public string JobMode { get; set; } = "cpu";
    public ITaskItem[] AptPackages { get; set; } = [];
    public string? Extras { get; set; }
    public ITaskItem[] ExtraDirectories { get; set; } = [];
    public string? UserId { get; set; }
    public string? GroupId { get; set; }
    public string? UserName { get; set; }

    /// <summary>CalibanImageName; empty means one made from the project's name.</summary>
    public string? ImageName { get; set; }

    public ITaskItem[] BuildArgs { get; set; } = [];
    public ITaskItem[] ImageLabels { get; set; } = [];
    public bool NoCache { get; set; }
    public string? Platform { get; set; }

    /// <summary>The relative paths the Dockerfile copies: only these go into the build context.</summary>
    [Output] public ITaskItem[] ContextRoots { get; private set; } = [];

    /// <summary>The image repository name in effect.</summary>
    [Output] public string EffectiveImageName { get; private set; } = "";

    protected override Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        EffectiveImageName = string.IsNullOrWhiteSpace(ImageName)
            ? ImageNames.FromProjectName(Path.GetFileNameWithoutExtension(ProjectFileName))
            : ImageNames.Validate(ImageName.Trim(), "CalibanImageName");

        IReadOnlyList<string> roots;
        if (string.IsNullOrWhiteSpace(UserDockerfile))
        {
            var dockerfile = DockerfileGenerator.Generate(BuildSpec());
            if (AtomicFile.WriteAllTextIfChanged(DockerfilePath, dockerfile.Text))
                log.Detail($"Wrote {DockerfilePath}.");
            roots = dockerfile.ContextRoots;
        }
        else
        {
            if (!File.Exists(DockerfilePath))
                throw new CalibanException(ErrorCodes.UserDockerfileNotFound,
                    $"CalibanDockerfile is '{UserDockerfile}', but {DockerfilePath} does not exist. Point CalibanDockerfile at your " +
                    "Dockerfile (relative to the project), or remove the property to let Caliban generate one.");
            roots = ["."];
        }

        AtomicFile.WriteAllTextIfChanged(SettingsFile, DescribeSettings());
        ContextRoots = roots.Select(root => (ITaskItem)new TaskItem(root)).ToArray();
        return Task.CompletedTask;
    }

    private DockerfileSpec BuildSpec()
    {
        var host = HostAccount.HostUser();
        return new DockerfileSpec
        {
            BaseImage = BaseImage,
            Mode = JobMode == "gpu" ? Core.Images.JobMode.Gpu : Core.Images.JobMode.Cpu,
            UserId = RunSettings.OptionalWholeNumber(UserId, "CalibanUserId", "(a uid), or empty for the host user's") ?? host.Uid,
            GroupId = RunSettings.OptionalWholeNumber(GroupId, "CalibanGroupId", "(a gid), or empty for the host user's") ?? host.Gid,
            UserName = string.IsNullOrWhiteSpace(UserName) ? host.UserName : UserName.Trim(),
            AptPackages = AptPackages.Select(item => item.ItemSpec).ToArray(),
            Extras = (Extras ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ExtraDirectories = ExtraDirectories.Select(item => item.ItemSpec.Replace('\\', '/').TrimEnd('/')).ToArray(),
            EntryPoint = Core.Images.EntryPoint.Resolve(ProjectDirectory, EntryPoint),
            Dependencies = DependencyFiles.Detect(ProjectDirectory),
            ProjectDirectory = ProjectDirectory,
            GeneratedBy = $"Caliban.Sdk {SdkVersion} from {ProjectFileName}",
        };
    }

    // CalibanBuild lists the settings file among its inputs, so changing any of these rebuilds.
    private string DescribeSettings() =>
        ImageSettings.Describe(EffectiveImageName, DockerfilePath, NoCache, Platform, BuildArgPairs(BuildArgs), BuildArgPairs(ImageLabels));

    internal static IEnumerable<(string Name, string Value)> BuildArgPairs(ITaskItem[] items) =>
        items.Select(item => (item.ItemSpec, item.GetMetadata("Value")))
             .OrderBy(pair => pair.ItemSpec, StringComparer.Ordinal);
}
