using System.Text;
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
        var kind = request.Kind == InteractiveImageKind.Notebook ? "notebook" : "shell";
        var spec = request.Spec with
        {
            EntryPoint = null,
            AptPackages = request.Shell.AptPackage() is { } shellPackage ? [.. request.Spec.AptPackages, shellPackage] : request.Spec.AptPackages,
            JupyterInstall = request.Kind == InteractiveImageKind.Notebook ? request.JupyterInstall : null,
        };
        var dockerfile = DockerfileGenerator.Generate(spec);
        var directory = Path.Combine(Path.GetFullPath(request.IntermediateDirectory), kind);
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
            TagPrefix = $"{kind}-",
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

    // Everything besides the Dockerfile and the context that shapes the image, one fact per line in a stable order.
    private static string DescribeSettings(InteractiveImageRequest request, string kind)
    {
        var text = new StringBuilder();
        text.Append("image=").Append(request.ImageName).Append(':').Append(kind).Append('\n');
        text.Append("no-cache=").Append(request.NoCache ? "true" : "false").Append('\n');
        text.Append("platform=").Append(request.Platform ?? "").Append('\n');
        foreach (var (name, value) in request.BuildArgs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append("build-arg ").Append(name).Append('=').Append(value).Append('\n');
        }

        foreach (var (name, value) in request.Labels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append("label ").Append(name).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }
}
