using Caliban.Cli.Hosting;
using Caliban.Cli.Mapping;
using Caliban.Cli.Output;
using Caliban.Cli.Parsing;
using Caliban.Core.Engine;
using Caliban.Core.Execution;
using Caliban.Core.Images;
using Caliban.Core.Interactive;
using Caliban.Core.Naming;

namespace Caliban.Cli.Commands;

/// <summary>
/// `caliban shell` and `caliban notebook`: the project's settings come from MSBuild (CalibanResolveConfig: job mode,
/// base image, apt packages, and the project's properties and items), then Caliban.Core builds the code-less image
/// and runs the session with the repo mounted at /usr/app.
/// </summary>
internal static class InteractiveCommand
{
    private static readonly string[] Properties =
    [
        "CalibanJobMode", "CalibanResolvedBaseImage", "CalibanImageName", "CalibanIntermediateOutputPath", "CalibanExtras",
        "CalibanUserId", "CalibanGroupId", "CalibanUserName", "CalibanNoCache", "CalibanPlatform", "CalibanSdkVersion",
        "CalibanUseDefaultExcludes", "CalibanUseGpu", InteractiveImage.JupyterInstallPropertyName,
    ];

    private static readonly string[] Items = ["_CalibanResolvedAptPackage", "CalibanExtraDir", "CalibanContextExclude", "CalibanBuildArg", "CalibanImageLabel", "CalibanEnv"];

    public static int Run(CliCommand command, CommandContext context)
    {
        var o = context.Options;
        var location = ProjectLocation.Find(context.Value(o.Project), context.CurrentDirectory);
        var invocation = FlagMapping.Map(command, context.Parse, context.Tree, context.ProgramArguments);
        TargetsCommand.Check(command, context, location, invocation);
        MSBuildHost.EnsureRegistered();
        var outcome = TargetsCommand.Build(location, invocation, context, Properties, Items);
        if (outcome.Canceled) return ExitCodes.Canceled;
        if (!outcome.Succeeded) return ExitCodes.ForErrors(outcome.ErrorCodes);
        return RunAsync(command, context, location, outcome).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(CliCommand command, CommandContext context, ProjectLocation location, BuildOutcome project)
    {
        var o = context.Options;
        var log = new ConsoleCalibanLog();
        var ct = context.Cancellation;
        var p = project.Properties;
        var bare = context.Parse.GetValue(o.Bare);
        var shell = context.Value(o.Shell) is { } named ? InteractiveShells.Parse(named) : InteractiveShells.Default(bare);
        var cpu = p["CalibanJobMode"] != "gpu";
        var gpu = cpu ? GpuMode.Off : p["CalibanUseGpu"].Trim().ToLowerInvariant() == "true" ? GpuMode.Required : GpuMode.Auto;

        var image = context.Value(o.ImageId);
        if (image is null)
        {
            var built = await InteractiveImage.BuildAsync(Request(command, context, location, project, shell), log, ct);
            image = built.Tag;
        }

        using var engine = await ContainerEngine.ConnectAsync(log, ct);
        var environment = Values(project, "CalibanEnv");
        if (command == CliCommand.Shell)
        {
            using var terminal = InteractiveTerminal.Console();
            return await ShellSession.RunAsync(engine, new ShellOptions
            {
                Image = image, ProjectDirectory = location.Directory, Bare = bare, Gpu = gpu, Shell = shell, Environment = environment,
            }, terminal, log, ct);
        }
        Console.Out.WriteLine("Starting Jupyter; Ctrl+C stops it and removes its container.");
        return await NotebookSession.RunAsync(engine, new NotebookOptions
        {
            Image = image, ProjectDirectory = location.Directory, Bare = bare, Gpu = gpu, Environment = environment,
            Port = context.Value(o.Port), Lab = context.Parse.GetValue(o.Lab),
        }, Console.Out, log, ct);
    }

    private static InteractiveImageRequest Request(CliCommand command, CommandContext context, ProjectLocation location, BuildOutcome project, InteractiveShell shell)
    {
        var p = project.Properties;
        var host = HostAccount.HostUser();
        var projectName = Path.GetFileNameWithoutExtension(location.ProjectPath);
        var jupyterVersion = context.Value(context.Options.JupyterVersion);
        return new InteractiveImageRequest
        {
            Spec = new DockerfileSpec
            {
                BaseImage = p["CalibanResolvedBaseImage"],
                Mode = p["CalibanJobMode"] == "gpu" ? JobMode.Gpu : JobMode.Cpu,
                UserId = int.TryParse(p["CalibanUserId"], out var uid) ? uid : host.Uid,
                GroupId = int.TryParse(p["CalibanGroupId"], out var gid) ? gid : host.Gid,
                UserName = string.IsNullOrWhiteSpace(p["CalibanUserName"]) ? host.UserName : p["CalibanUserName"].Trim(),
                AptPackages = Includes(project, "_CalibanResolvedAptPackage"),
                Extras = p["CalibanExtras"].Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                ExtraDirectories = Includes(project, "CalibanExtraDir").Select(dir => dir.Replace('\\', '/').TrimEnd('/')).ToArray(),
                Dependencies = DependencyFiles.Detect(location.Directory),
                ProjectDirectory = location.Directory,
                GeneratedBy = $"caliban {command.ToString().ToLowerInvariant()} {TransientProject.ToolVersion} from {Path.GetFileName(location.ProjectPath)}",
            },
            ImageName = string.IsNullOrWhiteSpace(p["CalibanImageName"]) ? ImageNames.FromProjectName(projectName) : ImageNames.Validate(p["CalibanImageName"].Trim(), "CalibanImageName"),
            IntermediateDirectory = p["CalibanIntermediateOutputPath"],
            ProjectName = projectName,
            Kind = command == CliCommand.Notebook ? InteractiveImageKind.Notebook : InteractiveImageKind.Shell,
            Shell = shell,
            JupyterInstall = jupyterVersion is not null
                ? $"pip install {(context.Parse.GetValue(context.Options.Lab) ? "jupyterlab" : "notebook")}=={jupyterVersion}"
                : string.IsNullOrWhiteSpace(p[InteractiveImage.JupyterInstallPropertyName]) ? InteractiveImage.DefaultJupyterInstall : p[InteractiveImage.JupyterInstallPropertyName],
            ContextExcludes = Includes(project, "CalibanContextExclude"),
            UseDefaultExcludes = !string.Equals(p["CalibanUseDefaultExcludes"], "false", StringComparison.OrdinalIgnoreCase),
            BuildArgs = Values(project, "CalibanBuildArg"),
            Labels = Values(project, "CalibanImageLabel"),
            NoCache = string.Equals(p["CalibanNoCache"], "true", StringComparison.OrdinalIgnoreCase),
            Platform = string.IsNullOrWhiteSpace(p["CalibanPlatform"]) ? null : p["CalibanPlatform"],
            SdkVersion = p["CalibanSdkVersion"],
        };
    }

    private static string[] Includes(BuildOutcome project, string type) => project.Items[type].Select(item => item.Include).ToArray();

    private static Dictionary<string, string> Values(BuildOutcome project, string type) =>
        project.Items[type].GroupBy(item => item.Include).ToDictionary(g => g.Key, g => g.Last().Metadata.GetValueOrDefault("Value") ?? "");
}
