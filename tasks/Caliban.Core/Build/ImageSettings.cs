using System.Text;

namespace Caliban.Core.Build;

/// <summary>
/// The image settings text (obj/caliban/image-settings.txt, and the shell and notebook images' own): everything besides
/// the Dockerfile and the context that shapes an image, one fact per line in a stable order, so any change rebuilds.
/// </summary>
public static class ImageSettings
{
    /// <param name="dockerfile">The Dockerfile's path; null for the shell and notebook images, which are named by kind instead.</param>
    public static string Describe(string image, string? dockerfile, bool noCache, string? platform,
        IEnumerable<(string Name, string Value)> buildArgs, IEnumerable<(string Name, string Value)> labels)
    {
        var text = new StringBuilder();
        text.Append("image=").Append(image).Append('\n');
        if (dockerfile is not null) text.Append("dockerfile=").Append(dockerfile).Append('\n');
        text.Append("no-cache=").Append(noCache ? "true" : "false").Append('\n');
        text.Append("platform=").Append(platform ?? "").Append('\n');
        foreach (var (name, value) in buildArgs.OrderBy(pair => pair.Name, StringComparer.Ordinal)) text.Append("build-arg ").Append(name).Append('=').Append(value).Append('\n');
        foreach (var (name, value) in labels.OrderBy(pair => pair.Name, StringComparer.Ordinal)) text.Append("label ").Append(name).Append('=').Append(value).Append('\n');
        return text.ToString();
    }
}
