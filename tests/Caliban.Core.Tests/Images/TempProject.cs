namespace Caliban.Core.Tests.Images;

/// <summary>A throw-away project directory for tests that need real files.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Directory = Path.Combine(Path.GetTempPath(), "caliban-images-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Writes a file (creating its directories) and returns its full path.</summary>
    public string Write(string relativePath, string content = "")
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string CreateDirectory(string relativePath) => System.IO.Directory.CreateDirectory(Path.Combine(Directory, relativePath)).FullName;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
