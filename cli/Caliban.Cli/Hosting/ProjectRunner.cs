using System.Runtime.CompilerServices;
using Caliban.Cli.Mapping;
using Caliban.Cli.Parsing;
using Caliban.Core.Diagnostics;
using Microsoft.Build.Construction;
using Microsoft.Build.Definition;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Exceptions;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;
using Microsoft.Build.Logging;

namespace Caliban.Cli.Hosting;

/// <summary>
/// Evaluates the project with the command's global properties, adds the command's items, and runs the SDK targets in
/// this process — the same targets `dotnet build -t:…` runs. Call only after <see cref="MSBuildHost.EnsureRegistered"/>.
/// </summary>
internal static class ProjectRunner
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static BuildOutcome Run(ProjectLocation location, BuildInvocation invocation, BuildRequestOptions options, CancellationToken ct)
    {
        var display = new DisplayLogger(options.Display, quiet: options.Verbose);
        var loggers = new List<ILogger> { display };
        if (options.Verbose) loggers.Add(new ConsoleLogger(LoggerVerbosity.Detailed));
        if (options.BinlogPath is { } binlog) loggers.Add(new BinaryLogger { Parameters = binlog });

        // Values reach the targets exactly as typed: MSBuild would otherwise expand %xx, $(…) and @(…) in them.
        var globals = invocation.Properties.ToDictionary(p => p.Key, p => ProjectCollection.Escape(p.Value), StringComparer.OrdinalIgnoreCase);
        using var collection = new ProjectCollection(globals, loggers, ToolsetDefinitionLocations.Default);
        ProjectInstance project;
        try
        {
            var projectOptions = new ProjectOptions { GlobalProperties = globals, ProjectCollection = collection };
            project = location.IsTransient
                ? ProjectInstance.FromProjectRootElement(Transient(location, collection), projectOptions)
                : ProjectInstance.FromFile(location.ProjectPath, projectOptions);
        }
        catch (InvalidProjectFileException error)
        {
            throw Evaluation(error, location);
        }

        foreach (var item in invocation.Items)
            project.AddItem(item.ItemType, ProjectCollection.Escape(item.Include), item.Metadata.Select(m => new KeyValuePair<string, string>(m.Key, ProjectCollection.Escape(m.Value))));

        var parameters = new BuildParameters(collection)
        {
            Loggers = loggers,
            MaxNodeCount = 1,
            EnableNodeReuse = false,
            ShutdownInProcNodeOnBuildFinish = true,
        };
        var manager = BuildManager.DefaultBuildManager;
        using var cancel = ct.Register(manager.CancelAllSubmissions);
        var result = manager.Build(parameters, new BuildRequestData(project, [.. invocation.Targets], null, BuildRequestDataFlags.ProvideProjectStateAfterBuild));
        var state = result.ProjectStateAfterBuild ?? project;
        return new BuildOutcome(result.OverallResult == BuildResultCode.Success, display.ErrorCodes, ct.IsCancellationRequested)
        {
            Properties = options.OutputProperties.ToDictionary(name => name, name => state.GetPropertyValue(name)),
            Items = options.OutputItems.ToDictionary(type => type, type => (IReadOnlyList<CliItem>)state.GetItems(type)
                .Select(item => new CliItem(type, item.EvaluatedInclude, item.Metadata.ToDictionary(m => m.Name, m => m.EvaluatedValue)))
                .ToArray()),
        };
    }

    /// <summary>`&lt;Project Sdk="Caliban.Sdk/VERSION" /&gt;` in memory, its path in the repo root; never written to disk.</summary>
    private static ProjectRootElement Transient(ProjectLocation location, ProjectCollection collection)
    {
        var root = ProjectRootElement.Create(collection);
        root.Sdk = TransientProject.SdkReference;
        root.FullPath = location.ProjectPath;
        return root;
    }

    private static Exception Evaluation(InvalidProjectFileException error, ProjectLocation location)
    {
        if (error.ErrorCode is "MSB4236")
            return new EnvironmentError(ErrorCodes.CliCalibanSdkNotFound,
                $"The MSBuild SDK {(location.IsTransient ? TransientProject.SdkReference : "Caliban.Sdk")} was not found by NuGet for {location.ProjectPath}. " +
                "Add the feed that has it to the nuget.config of the repo (or of your user), e.g. <add key=\"caliban\" value=\"PATH/TO/FEED\" />, then run the command again.");
        return new UsageError(error.ErrorCode ?? ErrorCodes.CliProjectNotFound, $"{error.ProjectFile ?? location.ProjectPath}: {error.BaseMessage}");
    }
}
