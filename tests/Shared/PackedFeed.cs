using System.Text.RegularExpressions;

namespace Caliban.Tests.Shared;

/// <summary>
/// The packed packages end-to-end tests build against, shared by a whole test run: the local feed (CALIBAN_FEED, else
/// artifacts/feed, packed once here when a package is missing), a per-run NuGet packages folder (NuGet never
/// re-extracts a version it has), and the locally made base image (CALIBAN_TEST_BASE_IMAGE), checked to exist.
/// </summary>
public class PackedFeed : IDisposable
{
    private static readonly string[] Packages = ["Caliban.Sdk", "Caliban.Cli", "Caliban.Templates"];

    public PackedFeed()
    {
        RepositoryRoot = FindRepositoryRoot();
        Version = Regex.Match(File.ReadAllText(Path.Combine(RepositoryRoot, "Directory.Build.props")),
            "<CalibanVersion>([^<]+)</CalibanVersion>").Groups[1].Value;
        FeedDirectory = Environment.GetEnvironmentVariable("CALIBAN_FEED") is { Length: > 0 } feed
            ? feed
            : Path.Combine(RepositoryRoot, "artifacts", "feed");
        if (!Packages.All(id => File.Exists(Package(id))))
        {
            var pack = ProcessRunner.Run("bash", [Path.Combine(RepositoryRoot, "eng", "pack.sh")], RepositoryRoot, timeout: TimeSpan.FromMinutes(10));
            if (pack.ExitCode != 0) throw new InvalidOperationException($"Packing failed:\n{pack}");
        }
        PackagesDirectory = Directory.CreateTempSubdirectory("caliban-nuget-").FullName;
        BaseImage = Environment.GetEnvironmentVariable("CALIBAN_TEST_BASE_IMAGE") is { Length: > 0 } image
            ? image
            : "caliban-local/python:bookworm";
        var probe = DockerCli.Run("image", "inspect", BaseImage, "--format", "{{.Id}}");
        if (probe.ExitCode != 0)
            throw new InvalidOperationException($"The test base image {BaseImage} is not in the engine; run eng/test.sh, which makes it.\n{probe}");
    }

    public string RepositoryRoot { get; }
    public string Version { get; }
    public string FeedDirectory { get; }
    public string PackagesDirectory { get; }
    public string BaseImage { get; }

    /// <summary>The .nupkg of package <paramref name="id"/> at this version.</summary>
    public string Package(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    public virtual void Dispose()
    {
        try { Directory.Delete(PackagesDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Caliban.Build.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("Caliban.Build.sln not found above the test assembly.");
    }
}
