namespace Caliban.Cli.Tests.Infrastructure;

/// <summary>
/// The packed feed with the `caliban` tool installed from it into a per-run --tool-path, as a user installs it.
/// One instance serves the "cli" collection.
/// </summary>
public sealed class ToolFeed : PackedFeed
{
    public ToolFeed()
    {
        ToolDirectory = Directory.CreateTempSubdirectory("caliban-cli-tool-").FullName;
        var install = ProcessRunner.Run("dotnet",
            ["tool", "install", "Caliban.Cli", "--tool-path", ToolDirectory, "--add-source", FeedDirectory, "--ignore-failed-sources", "--version", Version],
            RepositoryRoot, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagesDirectory, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        if (install.ExitCode != 0 || !File.Exists(Tool)) throw new InvalidOperationException($"Installing the tool failed:\n{install}");
    }

    public string ToolDirectory { get; }

    /// <summary>The installed `caliban` command.</summary>
    public string Tool => Path.Combine(ToolDirectory, "caliban");

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(ToolDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The end-to-end CLI tests share one installed tool and run one at a time: they drive the same engine.</summary>
[CollectionDefinition("cli")]
public sealed class CliCollection : ICollectionFixture<ToolFeed>;
