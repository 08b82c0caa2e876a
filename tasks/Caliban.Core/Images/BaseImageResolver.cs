using Caliban.Core.Diagnostics;

namespace Caliban.Core.Images;

/// <summary>
/// Picks the image the Dockerfile starts FROM: the `CalibanBaseImage` property, else `.calibanconfig.json`'s
/// `base_image`, else the default for the job mode; then expands `{}` and Caliban's `dlvm:` aliases and checks the result.
/// </summary>
public static class BaseImageResolver
{
    public const string PropertyName = "CalibanBaseImage";

    public static string Resolve(string? explicitImage, string? configImage, string defaultCpu, string defaultGpu, JobMode mode) =>
        Resolve(explicitImage, configImage, defaultCpu, defaultGpu, mode, CalibanConfigFile.FileName);

    /// <param name="configFile">The `.calibanconfig.json` that <paramref name="configImage"/> came from, for error messages.</param>
    public static string Resolve(string? explicitImage, string? configImage, string defaultCpu, string defaultGpu, JobMode mode,
        string configFile)
    {
        var (image, source) = Choose(explicitImage, configImage, defaultCpu, defaultGpu, mode, configFile);
        var expanded = image.Trim().Replace("{}", mode.ToWord(), StringComparison.Ordinal);

        if (expanded.StartsWith(DlvmImages.Prefix, StringComparison.Ordinal))
        {
            if (!DlvmImages.Aliases.TryGetValue(expanded, out var dlvmImage))
            {
                throw UnknownAlias(expanded, source, configFile);
            }

            expanded = dlvmImage;
        }

        if (!ImageReferences.IsValid(expanded))
        {
            throw new CalibanException(ErrorCodes.BaseImageInvalid,
                $"The base image \"{expanded}\" ({source.Describe(configFile)}) is not a valid Docker image reference. " +
                $"Use a name such as \"python:3.11-slim\" or \"gcr.io/project/image:tag\" (lower-case repository, optional :tag or @digest).",
                source == Source.Config ? configFile : null);
        }

        return expanded;
    }

    private static (string Image, Source Source) Choose(string? explicitImage, string? configImage, string defaultCpu,
        string defaultGpu, JobMode mode, string configFile)
    {
        if (!string.IsNullOrWhiteSpace(explicitImage))
        {
            return (explicitImage, Source.Property);
        }

        if (!string.IsNullOrWhiteSpace(configImage))
        {
            return (configImage, Source.Config);
        }

        return (mode == JobMode.Gpu ? defaultGpu : defaultCpu, mode == JobMode.Gpu ? Source.DefaultGpu : Source.DefaultCpu);
    }

    private static CalibanException UnknownAlias(string alias, Source source, string configFile)
    {
        var message = $"The base image \"{alias}\" ({source.Describe(configFile)}) is not a known {DlvmImages.Prefix} alias. " +
                      $"Use one of {DlvmImages.Summary} ({{}} may stand for the job mode), or a full image name.";
        return source == Source.Config
            ? new CalibanException(ErrorCodes.CalibanConfigInvalidValue, message, configFile)
            : new CalibanException(ErrorCodes.BaseImageInvalid, message);
    }

    private enum Source
    {
        Property,
        Config,
        DefaultCpu,
        DefaultGpu,
    }

    private static string Describe(this Source source, string configFile) => source switch
    {
        Source.Property => $"set by the {PropertyName} property",
        Source.Config => $"set by \"base_image\" in {configFile}",
        Source.DefaultCpu => "the default for CPU jobs",
        _ => "the default for GPU jobs",
    };
}
