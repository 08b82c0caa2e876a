using System.Text.RegularExpressions;

namespace Caliban.Sdk.Tests.Infrastructure;

/// <summary>
/// The packed packages every end-to-end test builds against, shared by the whole test run: the local feed
/// (CALIBAN_FEED, else artifacts/feed, packed once here when missing), a per-run NuGet packages folder, and the
/// locally made base image (CALIBAN_TEST_BASE_IMAGE). One instance serves the "sdk" collection.
/// </summary>
public sealed class SdkFeed : IDisposable
{
    public SdkFeed()
    {
        RepositoryRoot = FindRepositoryRoot();
        Version = Regex.Match(File.ReadAllText(Path.Combine(RepositoryRoot, "Directory.Build.props")),
            "<CalibanVersion>([^<]+)</CalibanVersion>").Groups[1].Value;
        FeedDirectory = Environment.GetEnvironmentVariable("CALIBAN_FEED") is { Length: > 0 } feed
            ? feed
            : Path.Combine(RepositoryRoot, "artifacts", "feed");
        if (!File.Exists(SdkPackage))
        {
            var pack = ProcessRunner.Run("bash", [Path.Combine(RepositoryRoot, "eng", "pack.sh")], RepositoryRoot, timeout: TimeSpan.FromMinutes(10));
            if (pack.ExitCode != 0) throw new InvalidOperationException($"Packing the SDK failed:\n{pack}");
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
    public string SdkPackage => Path.Combine(FeedDirectory, $"Caliban.Sdk.{Version}.nupkg");
    public string TemplatesPackage => Path.Combine(FeedDirectory, $"Caliban.Templates.{Version}.nupkg");

    public void Dispose()
    {
        try { Directory.Delete(PackagesDirectory, recursive: true); } catch (IOException) { }
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

/// <summary>Every end-to-end test shares one feed and runs one at a time: they all drive the same engine.</summary>
[CollectionDefinition("sdk")]
public sealed class SdkCollection : ICollectionFixture<SdkFeed>;
