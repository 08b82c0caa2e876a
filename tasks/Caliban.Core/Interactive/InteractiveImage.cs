using Caliban.Core.Build;
using Caliban.Core.Context;
using Caliban.Core.Diagnostics;
using Caliban.Core.IO;
using Caliban.Core.Images;

namespace Caliban.Core.Interactive;

/// <summary>
/// The image `caliban shell` and `caliban notebook` run: the project's image up to its dependencies (base image, apt
/// packages, dependency files, extra directories, the user) without the code, which is mounted instead; the
/// notebook's adds Jupyter. Built through <see cref="ImageBuilder"/>, so an unchanged project builds nothing.
/// </summary>
public static class InteractiveImage
{
    /// <summary>What installs Jupyter unless CalibanNotebookInstall says otherwise.</summary>
    public const string DefaultJupyterInstall = "pip install jupyterlab notebook";

    public const string JupyterInstallPropertyName = "CalibanNotebookInstall";

    public static async Task<BuiltImage> BuildAsync(InteractiveImageRequest request, ICalibanLog log, CancellationToken ct)
    {
        var notebook = request.Kind == InteractiveImageKind.Notebook;
        var kind = notebook ? "notebook" : "shell";
        var shellPackage = notebook ? null : request.Shell.AptPackage();
        var spec = request.Spec with
        {
            EntryPoint = null,
            AptPackages = shellPackage is null ? request.Spec.AptPackages : [.. request.Spec.AptPackages, shellPackage],
            JupyterInstall = notebook ? request.JupyterInstall : null,
        };
        var dockerfile = DockerfileGenerator.Generate(spec);
        // Each variant keeps its own files and tags, so switching between bash and zsh finds the other still up to date.
        var variant = shellPackage is null ? kind : $"{kind}-{shellPackage}";
        var directory = Path.Combine(Path.GetFullPath(request.IntermediateDirectory), variant);
        Directory.CreateDirectory(directory);
        var dockerfilePath = Path.Combine(directory, "Dockerfile");
        if (AtomicFile.WriteAllTextIfChanged(dockerfilePath, dockerfile.Text))
        {
            log.Detail($"Wrote {dockerfilePath}.");
        }

        var labels = new Dictionary<string, string>(request.Labels) { [InteractiveLabels.Kind] = kind };
        var inputs = new ImageBuildInputs
        {
            ProjectDirectory = spec.ProjectDirectory,
            ProjectName = request.ProjectName,
            ContextFiles = ContextFilesOf(spec.ProjectDirectory, dockerfile.ContextRoots, request, log),
            DockerfilePath = dockerfilePath,
            Settings = DescribeSettings(request, kind),
            StampFile = Path.Combine(directory, "image.stamp.json"),
            HashCacheFile = Path.Combine(directory, "context-hashes.json"),
            ImageName = request.ImageName,
            TagPrefix = $"{variant}-",
            BaseImage = spec.BaseImage,
            BuildArgs = request.BuildArgs,
            Labels = labels,
            NoCache = request.NoCache,
            Platform = request.Platform,
            SdkVersion = request.SdkVersion,
        };
        return await ImageBuilder.BuildAsync(inputs, log, ct).ConfigureAwait(false);
    }

    // Only what the Dockerfile copies (dependency files, extra directories); with nothing to copy, nothing at all
    // (the collector reads no roots as "the whole project").
    private static IReadOnlyList<ContextFile> ContextFilesOf(
        string projectDirectory, IReadOnlyList<string> roots, InteractiveImageRequest request, ICalibanLog log) =>
        roots.Count == 0
            ? []
            : ContextCollector.Collect(projectDirectory, new ContextOptions
            {
                Roots = roots,
                ExtraExcludes = request.ContextExcludes,
                UseDefaultExcludes = request.UseDefaultExcludes,
                CredentialsFile = Environment.GetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS"),
            }, log);

    private static string DescribeSettings(InteractiveImageRequest request, string kind) =>
        ImageSettings.Describe($"{request.ImageName}:{kind}", dockerfile: null, request.NoCache, request.Platform,
            request.BuildArgs.Select(pair => (pair.Key, pair.Value)), request.Labels.Select(pair => (pair.Key, pair.Value)));
}
