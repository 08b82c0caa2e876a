namespace Caliban.Cli.Tests.Infrastructure;

/// <summary>
/// A throwaway Python research repo — with no project file (a plain Caliban repo) unless asked — whose nuget.config
/// points at the packed feed, and a way to run the installed `caliban` in it with its own job history and image name.
/// </summary>
public sealed class CliRepo : IDisposable
{
    public CliRepo(ToolFeed feed)
    {
        Feed = feed;
        Directory = System.IO.Directory.CreateTempSubdirectory("caliban-cli-").FullName;
        JobStore = Path.Combine(Path.GetTempPath(), $"{Path.GetFileName(Directory)}-history", "caliban.db");
        ImageName = $"caliban-cli-{Guid.NewGuid():N}"[..24];
        Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.FeedDirectory}" />
              </packageSources>
            </configuration>
            """);
        Write("trainer/__init__.py", "");
        Write("trainer/train.py", """
            import sys, time
            args = sys.argv[1:]
            print('trainer args:', args, flush=True)
            if '--sleep' in args: time.sleep(float(args[args.index('--sleep') + 1]))
            if '--fail' in args:
                print('failing as asked', flush=True)
                sys.exit(3)
            """);
        Write("requirements.txt", "# no dependencies\n");
    }

    public ToolFeed Feed { get; }
    public string Directory { get; }
    public string JobStore { get; }
    public string ImageName { get; }

    /// <summary>Adds `research.calibanproj` (Sdk pinned to the feed's version); <paramref name="body"/> goes inside &lt;Project&gt;.</summary>
    public CliRepo WithProject(string body = "") => Write("research.calibanproj", $"""
        <Project Sdk="Caliban.Sdk/{Feed.Version}">
        {body}
        </Project>
        """);

    public CliRepo Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return this;
    }

    /// <summary>The environment every call gets: the feed's packages folder, this repo's history, image name and base image.</summary>
    public Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Feed.PackagesDirectory,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["CALIBAN_DB"] = JobStore,
            // Environment variables are MSBuild properties: the SDK picks these up, no project file needed.
            ["CalibanBaseImage"] = Feed.BaseImage,
            ["CalibanImageName"] = ImageName,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>()) environment[name] = value;
        return environment;
    }

    public ProcessResult Caliban(params string[] arguments) => Caliban(arguments, null);

    public ProcessResult Caliban(string[] arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan? timeout = null, string? stdin = null)
    {
        using var process = Start(arguments, environment, stdin);
        return process.WaitForExit(timeout ?? TimeSpan.FromMinutes(6));
    }

    public RunningProcess Start(string[] arguments, IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null) =>
        new(Feed.Tool, arguments, Directory, Environment(environment), stdin);

    /// <summary>Runs caliban in a pseudo-terminal (util-linux `script`), input kept open for <see cref="RunningProcess.Type"/>.</summary>
    public RunningProcess StartInTerminal(string[] arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var command = string.Join(' ', new[] { Feed.Tool }.Concat(arguments).Select(a => "'" + a.Replace("'", "'\\''") + "'"));
        var env = Environment(environment);
        env["TERM"] = "xterm";
        return new RunningProcess("script", ["--quiet", "--return", "--command", command, "/dev/null"], Directory, env, keepInputOpen: true);
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
