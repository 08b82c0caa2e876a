using System.Text;

namespace Caliban.Core.IO;

/// <summary>Writes generated files so that readers never see half a file and unchanged files keep their timestamps.</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes through a temporary file and a rename, so a crash leaves the old file or the new one.</summary>
    public static void WriteAllText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, text, Utf8NoBom);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Writes only when the text differs, so MSBuild's timestamp checks (Inputs/Outputs) see a change only when there is one.
    /// Returns whether it wrote.
    /// </summary>
    public static bool WriteAllTextIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path, Utf8NoBom) == text) return false;
        WriteAllText(path, text);
        return true;
    }
}
