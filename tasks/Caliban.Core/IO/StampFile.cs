using System.Text.Json;

namespace Caliban.Core.IO;

/// <summary>
/// The small JSON records under obj/caliban/ that say what was last done (image built, image pushed): indented
/// camelCase, written atomically; a missing, unreadable or broken one reads as null, so the work is simply done again.
/// </summary>
internal static class StampFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static T? Read<T>(string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json);
        }
        catch (Exception error) when (error is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Write<T>(string path, T stamp) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(stamp, Json) + "\n");
}
