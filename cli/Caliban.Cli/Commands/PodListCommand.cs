using System.Globalization;
using Caliban.Cli.Output;
using Caliban.Core.Kubernetes;
using Spectre.Console;

namespace Caliban.Cli.Commands;

/// <summary>`caliban cluster pod ls`: the pods of the Jobs Caliban created in the cluster's namespace, as a table.</summary>
internal static class PodListCommand
{
    public static int Run(CommandContext context)
    {
        var options = context.Options;
        var group = context.Value(options.XGroup)?.Trim() is { Length: > 0 } named ? named : null;
        using var cluster = KubeClusterConnector.Connect(new KubeClusterOptions
        {
            Context = context.Value(options.ClusterName),
            Namespace = context.Value(options.Namespace),
        });
        var pods = ClusterPods.ListAsync(cluster, group, context.Cancellation).GetAwaiter().GetResult();
        if (pods.Count == 0)
        {
            Console.Out.WriteLine($"No pods of Caliban jobs{(group is null ? "" : $" of group {group}")} in {cluster.Describe()}.");
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine($"{pods.Count} pod(s) of Caliban jobs{(group is null ? "" : $" of group {group}")} in {cluster.Describe()}:");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("pod").AddColumn("job").AddColumn("phase").AddColumn("xgroup").AddColumn("started").AddColumn("node");
        foreach (var pod in pods)
        {
            table.AddRow(
                Markup.Escape(pod.Name),
                Markup.Escape(pod.JobName ?? ""),
                Markup.Escape(pod.Phase),
                Markup.Escape(pod.Group ?? ""),
                pod.StartedAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(pod.Node ?? ""));
        }
        Tables.Write([table]);
        return ExitCodes.Ok;
    }
}
