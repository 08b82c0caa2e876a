namespace Caliban.Sdk.Tests.Infrastructure;

/// <summary>
/// A throwaway Python research repository with a Caliban project file that uses the packed SDK from the local feed,
/// and a way to run `dotnet` in it the way the tests must: no node reuse, a per-run packages folder, a binlog per call.
/// </summary>
public sealed class ResearchRepo : IDisposable
{
    private int _binlogs;

    public ResearchRepo(SdkFeed feed, string projectName = "research", bool pinWithGlobalJson = true)
    {
        Feed = feed;
        Directory = System.IO.Directory.CreateTempSubdirectory("caliban-e2e-").FullName;
        ProjectName = projectName;
        // Each repo has its own job history, outside its build context; tests never touch ~/.caliban.
        JobStore = Path.Combine(Path.GetTempPath(), $"{Path.GetFileName(Directory)}-history", "caliban.db");
        ImageName = $"caliban-e2e-{Guid.NewGuid():N}"[..24];
        PinWithGlobalJson = pinWithGlobalJson;
        Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.FeedDirectory}" />
              </packageSources>
            </configuration>
            """);
        if (pinWithGlobalJson) Write("global.json", $$"""{ "msbuild-sdks": { "Caliban.Sdk": "{{feed.Version}}" } }""");
    }

    public SdkFeed Feed { get; }
    public string Directory { get; }
    public string ProjectName { get; }
    public string ImageName { get; }
    public bool PinWithGlobalJson { get; }
    public string JobStore { get; }
    public string ProjectFile => Path.Combine(Directory, ProjectName + ".calibanproj");
    public string CalibanObj => Path.Combine(Directory, "obj", "caliban");
    public string StampFile => Path.Combine(CalibanObj, "image.stamp.json");

    /// <summary>Writes the project file; <paramref name="body"/> goes inside &lt;Project&gt;.</summary>
    public ResearchRepo WithProject(string body = "")
    {
        var sdk = PinWithGlobalJson ? "Caliban.Sdk" : $"Caliban.Sdk/{Feed.Version}";
        Write(ProjectName + ".calibanproj", $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <CalibanImageName>{ImageName}</CalibanImageName>
                <CalibanBaseImage>{Feed.BaseImage}</CalibanBaseImage>
              </PropertyGroup>
            {body}
            </Project>
            """);
        return this;
    }

    /// <summary>A package `trainer` with a module `trainer.train` that prints its arguments.</summary>
    public ResearchRepo WithTrainer()
    {
        Write("trainer/__init__.py", "");
        Write("trainer/train.py", "import sys\nprint('trainer args:', sys.argv[1:])\n");
        Write("requirements.txt", "# no dependencies\n");
        return this;
    }

    public ResearchRepo Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return this;
    }

    /// <summary>Runs `dotnet ARGS` in the repo with -nodeReuse:false and a binlog under artifacts/binlogs/.</summary>
    public ProcessResult Dotnet(params string[] arguments) => Dotnet(arguments, environment: null);

    public ProcessResult Dotnet(string[] arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan? timeout = null)
    {
        using var process = StartDotnet(arguments, environment);
        return process.WaitForExit(timeout ?? TimeSpan.FromMinutes(6));
    }

    public RunningProcess StartDotnet(string[] arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        // Binlogs live outside the repo (they must not enter its build context) and outlive it, for debugging.
        var binlog = Path.Combine(Feed.RepositoryRoot, "artifacts", "binlogs", Path.GetFileName(Directory),
            $"{Interlocked.Increment(ref _binlogs):00}-{arguments[0]}.binlog");
        var env = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Feed.PackagesDirectory,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // Plain console output for assertions, whatever terminal the tests run in.
            ["MSBUILDTERMINALLOGGER"] = "off",
            ["CALIBAN_DB"] = JobStore,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) env[name] = value;
        string[] full = [.. arguments, "-nodeReuse:false", $"-bl:{binlog}"];
        return new RunningProcess("dotnet", full, Directory, env);
    }

    public void Dispose()
    {
        DockerCli.RemoveRepository(ImageName);
        foreach (var path in new[] { Directory, Path.GetDirectoryName(JobStore)! })
        {
            try { System.IO.Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
