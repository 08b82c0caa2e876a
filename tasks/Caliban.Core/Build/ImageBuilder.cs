using System.Text;
using Caliban.Core.Context;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Naming;
using Caliban.Core.SourceControl;

namespace Caliban.Core.Build;

/// <summary>
/// Builds a project's image when its fingerprint changed: hashes only files that changed since the last build,
/// streams the build context as a tar to the engine, which tags the image with its fingerprint and `latest`, and records
/// the stamp. With nothing changed it never calls the engine's build API.
/// </summary>
public static class ImageBuilder
{
    /// <summary>Where the Dockerfile travels inside the context tar; the generated .dockerignore makes the engine drop it.</summary>
    internal const string DockerfileInContext = ".caliban.Dockerfile";

    public static async Task<BuiltImage> BuildAsync(ImageBuildInputs inputs, ICalibanLog log, CancellationToken cancellationToken)
    {
        // The commit and dirty flag (git processes) are read while the fingerprint is computed.
        var git = Task.Run(() => GitInfo.Read(inputs.ProjectDirectory), cancellationToken);
        using var engine = await ContainerEngine.ConnectAsync(log, cancellationToken);
        var hashes = FileHashCache.Load(inputs.HashCacheFile);
        var dockerfile = await File.ReadAllTextAsync(inputs.DockerfilePath, cancellationToken);
        var baseImage = string.IsNullOrEmpty(inputs.BaseImage) ? null : await engine.InspectImageAsync(inputs.BaseImage, cancellationToken);

        var fingerprint = ContextFingerprint.Compute(inputs.ContextFiles, hashes, new Dictionary<string, string>
        {
            ["dockerfile"] = dockerfile,
            ["settings"] = inputs.Settings,
            // The local base image's id, so pulling a newer base rebuilds; just the name when it is not here yet.
            ["base"] = baseImage is null ? inputs.BaseImage : $"{inputs.BaseImage}@{baseImage.Id}",
        });
        var tag = $"{inputs.ImageName}:{inputs.TagPrefix}{fingerprint[..12]}";
        log.Detail($"Context fingerprint {fingerprint} ({hashes.HashedCount} of {inputs.ContextFiles.Count} files hashed).");

        var stamp = ImageStamp.Read(inputs.StampFile);
        if (stamp is not null && stamp.Fingerprint == fingerprint
            && (await engine.InspectImageAsync(tag, cancellationToken))?.Id == stamp.ImageId)
        {
            hashes.Save(inputs.HashCacheFile);
            ImageStamp.Touch(inputs.StampFile);
            log.Info($"Image {tag} is up to date.");
            return new BuiltImage(stamp.ImageId, tag, fingerprint, Rebuilt: false);
        }

        var request = new ImageBuildRequest
        {
            Dockerfile = DockerfileInContext,
            DockerfileDisplayPath = inputs.DockerfilePath,
            // Both tags are set by the engine only when the build succeeds: a failed build leaves the previous `latest`.
            Tags = [tag, $"{inputs.ImageName}:{inputs.TagPrefix}latest"],
            BuildArgs = inputs.BuildArgs,
            NoCache = inputs.NoCache,
            Platform = string.IsNullOrWhiteSpace(inputs.Platform) ? null : inputs.Platform,
        };
        // Labels travel as one LABEL instruction in the Dockerfile sent to the engine: the engine's `labels` parameter
        // would add one committed step per label, after the code, to every build.
        var labelled = ImageLabels.AddTo(dockerfile, ImageLabels.For(inputs, await git, baseImage));
        GeneratedContextFile[] generated =
        [
            new(DockerfileInContext, Encoding.UTF8.GetBytes(labelled)),
            new(".dockerignore", Encoding.UTF8.GetBytes($".dockerignore\n{DockerfileInContext}\n")),
        ];
        var contextBytes = inputs.ContextFiles.Sum(file => file.Length);
        log.Info($"Building image {tag} from {inputs.ContextFiles.Count} context files ({FormatSize(contextBytes)}).");

        ImageBuildResult result;
        await using (var context = ContextTar.OpenReadStream(inputs.ContextFiles, generated, cancellationToken))
        {
            result = await engine.BuildImageAsync(context, request, new LoggingBuildObserver(log), cancellationToken);
        }

        new ImageStamp(fingerprint, result.ImageId, tag).Write(inputs.StampFile);
        hashes.Save(inputs.HashCacheFile);
        log.Info($"Built image {tag} ({ImageNames.ShortId(result.ImageId)}): {result.Steps} steps, {result.CachedSteps} from cache.");
        return new BuiltImage(result.ImageId, tag, fingerprint, Rebuilt: true);
    }

    internal static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB",
    };

    /// <summary>Each build step at normal verbosity, its output at detailed verbosity.</summary>
    private sealed class LoggingBuildObserver(ICalibanLog log) : IImageBuildObserver
    {
        public void OnStep(int number, int total, string instruction) => log.Info($"Step {number}/{total} : {instruction}");

        public void OnOutput(string line) => log.Detail(line);
    }
}
