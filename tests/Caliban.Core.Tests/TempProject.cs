namespace Caliban.Core.Tests;

/// <summary>A throwaway project directory; files get a fixed past modification time unless told otherwise.</summary>
internal sealed class TempProject : IDisposable
{
    public static readonly DateTime PastTime = new(2024, 5, 1, 12, 30, 15, 250, DateTimeKind.Utc);

    public TempProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "caliban-context-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public string Write(string relativePath, string content = "x", DateTime? lastWriteUtc = null)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, lastWriteUtc ?? PastTime);
        return path;
    }

    public string CreateDirectory(string relativePath) => Directory.CreateDirectory(PathOf(relativePath)).FullName;

    public string WriteBytes(string relativePath, byte[] content)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, PastTime);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail the test that made it.
        }
    }
}
