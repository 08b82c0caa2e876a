using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// The deterministic log an emulated container writes: one line naming its image, command, args and completion
/// index when it starts, one line with its exit when it ends. Environment values are never logged (they may be secrets).
/// </summary>
internal static class PodLogText
{
    public const string SuccessLine = "emulator: exit code 0";
    public const string FailLine = "emulator: --fail given, exit code 1";

    public static string StartLine(JsonObject container, int? index) =>
        $"emulator: image={container.Str("image")} command={Words(container.Arr("command"))} " +
        $"args={Words(container.Arr("args"))} index={(index is { } i ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}";

    /// <summary>Arguments as a shell would show them: words with spaces or quotes are single-quoted.</summary>
    private static string Words(JsonArray? words) =>
        words is null || words.Count == 0
            ? "[]"
            : string.Join(" ", words.Select(w => w?.ToString() ?? "").Select(w =>
                w.Length == 0 || w.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"')
                    ? "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
                    : w));
}
