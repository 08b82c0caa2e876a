using Caliban.Core.Build;
using Caliban.Core.Context;
using Caliban.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>Builds the project's image through the Docker Engine API when anything that shapes it changed.</summary>
public sealed class BuildCalibanImage : CalibanTask
{
    [Required] public string ProjectDirectory { get; set; } = "";
    [Required] public ITaskItem[] ContextFiles { get; set; } = [];
    [Required] public string DockerfilePath { get; set; } = "";
    [Required] public string SettingsFile { get; set; } = "";
    [Required] public string StampFile { get; set; } = "";
    [Required] public string HashCacheFile { get; set; } = "";
    [Required] public string ImageName { get; set; } = "";
    public string? BaseImage { get; set; }
    public ITaskItem[] BuildArgs { get; set; } = [];
    public ITaskItem[] ImageLabels { get; set; } = [];
    public bool NoCache { get; set; }
    public string? Platform { get; set; }
    public string? SdkVersion { get; set; }

    [Output] public string ImageId { get; private set; } = "";

    [Output] public string ImageTag { get; private set; } = "";

    [Output] public string Fingerprint { get; private set; } = "";

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var inputs = new ImageBuildInputs
        {
            ProjectDirectory = ProjectDirectory,
            ProjectName = Path.GetFileNameWithoutExtension(ProjectFile ?? ProjectDirectory),
            ContextFiles = ContextFiles.Select(ToContextFile).ToArray(),
            DockerfilePath = DockerfilePath,
            Settings = File.ReadAllText(SettingsFile),
            StampFile = StampFile,
            HashCacheFile = HashCacheFile,
            ImageName = ImageName,
            BaseImage = BaseImage ?? "",
            BuildArgs = ToDictionary(BuildArgs),
            Labels = ToDictionary(ImageLabels),
            NoCache = NoCache,
            Platform = Platform,
            SdkVersion = SdkVersion ?? "",
        };
        var image = await ImageBuilder.BuildAsync(inputs, log, cancellationToken);
        ImageId = image.ImageId;
        ImageTag = image.Tag;
        Fingerprint = image.Fingerprint;
    }

    private static ContextFile ToContextFile(ITaskItem item)
    {
        var info = new FileInfo(item.ItemSpec);
        if (!info.Exists)
            throw new CalibanException(ErrorCodes.BuildContextUnreadable,
                $"{item.ItemSpec} was listed for the build context but is gone; was it deleted during the build? Build again.", item.ItemSpec);
        return new ContextFile(
            item.GetMetadata("RelativePath"),
            info.FullName,
            info.Length,
            info.LastWriteTimeUtc,
            IsExecutable: !OperatingSystem.IsWindows() && (info.UnixFileMode & UnixFileMode.UserExecute) != 0);
    }

    private static Dictionary<string, string> ToDictionary(ITaskItem[] items) =>
        GenerateCalibanDockerfile.BuildArgPairs(items).ToDictionary(pair => pair.Name, pair => pair.Value, StringComparer.Ordinal);
}
