using Caliban.Core.Engine;
using Caliban.Core.Images;
using Caliban.Core.SourceControl;

namespace Caliban.Core.Build;

/// <summary>
/// The labels every Caliban image carries: OCI annotations for provenance (commit, dirty flag, source, base image)
/// and caliban labels that let later commands find and explain the image. The project's own labels win on conflict.
/// Nothing that changes with every build (a timestamp, the fingerprint: the image's tag has that) is among them, so the
/// label step stays cached while the code changes; the image's own Created field says when it was built.
/// </summary>
public static class ImageLabels
{
    public const string Dirty = "build.caliban.git.dirty";
    public const string SdkVersion = "build.caliban.sdk-version";
    public const string Project = "build.caliban.project";

    public static IReadOnlyDictionary<string, string> For(ImageBuildInputs inputs, GitInfo git, ImageDetails? baseImage)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.title"] = inputs.ImageName,
            [Project] = inputs.ProjectName,
        };
        if (inputs.SdkVersion.Length > 0) labels[SdkVersion] = inputs.SdkVersion;
        if (git.Commit is { } commit) labels["org.opencontainers.image.revision"] = commit;
        if (git.Dirty is { } dirty) labels[Dirty] = dirty ? "true" : "false";
        if (git.RemoteUrl is { } source) labels["org.opencontainers.image.source"] = source;
        if (inputs.BaseImage.Length > 0) labels["org.opencontainers.image.base.name"] = inputs.BaseImage;
        if (BaseDigest(baseImage) is { } digest) labels["org.opencontainers.image.base.digest"] = digest;
        foreach (var (name, value) in inputs.Labels) labels[name] = value;
        return labels;
    }

    /// <summary>
    /// The Dockerfile with one LABEL instruction carrying every label put where the generator left its placeholder,
    /// or at the end of a Dockerfile of the user's own.
    /// </summary>
    public static string AddTo(string dockerfile, IReadOnlyDictionary<string, string> labels)
    {
        var instruction = ToInstruction(labels);
        return dockerfile.Contains(DockerfileGenerator.LabelsPlaceholder, StringComparison.Ordinal)
            ? dockerfile.Replace(DockerfileGenerator.LabelsPlaceholder, instruction, StringComparison.Ordinal)
            : dockerfile.TrimEnd('\n') + "\n" + instruction + "\n";
    }

    /// <summary>One Dockerfile LABEL instruction carrying every label, each key and value double-quoted.</summary>
    public static string ToInstruction(IReadOnlyDictionary<string, string> labels) =>
        "LABEL " + string.Join(" ", labels.Select(label => $"{Quote(label.Key)}={Quote(label.Value)}"));

    // Dockerfile double-quoted words: backslash and quote escaped; a line break would end the instruction.
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace('\n', ' ').Replace('\r', ' ') + "\"";

    // A locally made base image has no registry digest; then the label is left out rather than guessed.
    private static string? BaseDigest(ImageDetails? baseImage) =>
        baseImage?.RepoDigests.Select(reference => reference[(reference.IndexOf('@') + 1)..]).FirstOrDefault();
}
