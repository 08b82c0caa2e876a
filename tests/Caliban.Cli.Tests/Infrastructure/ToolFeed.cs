using System.Text.RegularExpressions;

namespace Caliban.Cli.Tests.Infrastructure;

/// <summary>
/// The packed feed (CALIBAN_FEED, else artifacts/feed, packed here when missing) with the `caliban` tool installed from
/// it into a per-run --tool-path, as a user installs it; a per-run NuGet packages folder; the local base image.
/// One instance serves the "cli" collection.
/// </summary>
public sealed class ToolFeed : IDisposable
{
    public ToolFeed()
    {
        RepositoryRoot = FindRepositoryRoot();
        Version = Regex.Match(File.ReadAllText(Path.Combine(RepositoryRoot, "Directory.Build.props")),
            "<CalibanVersion>([^<]+)</CalibanVersion>").Groups[1].Value;
        FeedDirectory = Environment.GetEnvironmentVariable("CALIBAN_FEED") is { Length: > 0 } feed ? feed : Path.Combine(RepositoryRoot, "artifacts", "feed");
        if (!File.Exists(Path.Combine(FeedDirectory, $"Caliban.Cli.{Version}.nupkg")))
        {
            var pack = ProcessRunner.Run("bash", [Path.Combine(RepositoryRoot, "eng", "pack.sh")], RepositoryRoot, timeout: TimeSpan.FromMinutes(10));
            if (pack.ExitCode != 0) throw new InvalidOperationException($"Packing failed:\n{pack}");
        }
        PackagesDirectory = Directory.CreateTempSubdirectory("caliban-cli-nuget-").FullName;
        ToolDirectory = Directory.CreateTempSubdirectory("caliban-cli-tool-").FullName;
        var install = ProcessRunner.Run("dotnet",
            ["tool", "install", "Caliban.Cli", "--tool-path", ToolDirectory, "--add-source", FeedDirectory, "--ignore-failed-sources", "--version", Version],
            RepositoryRoot, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagesDirectory, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        if (install.ExitCode != 0 || !File.Exists(Tool)) throw new InvalidOperationException($"Installing the tool failed:\n{install}");
        BaseImage = Environment.GetEnvironmentVariable("CALIBAN_TEST_BASE_IMAGE") is { Length: > 0 } image ? image : "caliban-local/python:bookworm";
        var probe = DockerCli.Run("image", "inspect", BaseImage, "--format", "{{.Id}}");
        if (probe.ExitCode != 0)
            throw new InvalidOperationException($"The test base image {BaseImage} is not in the engine; run eng/test.sh, which makes it.\n{probe}");
    }

    public string RepositoryRoot { get; }
    public string Version { get; }
    public string FeedDirectory { get; }
    public string PackagesDirectory { get; }
    public string ToolDirectory { get; }
    public string BaseImage { get; }

    /// <summary>The installed `caliban` command.</summary>
    public string Tool => Path.Combine(ToolDirectory, "caliban");

    public void Dispose()
    {
        foreach (var directory in new[] { PackagesDirectory, ToolDirectory })
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
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

/// <summary>The end-to-end CLI tests share one installed tool and run one at a time: they drive the same engine.</summary>
[CollectionDefinition("cli")]
public sealed class CliCollection : ICollectionFixture<ToolFeed>;
