using Caliban.Core.Kubernetes;

namespace Caliban.Build.Tasks;

/// <summary>Base of the tasks that talk to a Kubernetes cluster: which cluster (kubeconfig, context, namespace) and how to submit.</summary>
public abstract class ClusterTask : JobHistoryTask
{
    [Microsoft.Build.Framework.Required] public string ProjectDirectory { get; set; } = "";

    /// <summary>CalibanKubeConfig: a kubeconfig file (relative to the project); empty means KUBECONFIG, ~/.kube/config, or in-cluster.</summary>
    public string? KubeConfig { get; set; }

    /// <summary>CalibanKubeContext: the kubeconfig context; empty means its current context.</summary>
    public string? KubeContext { get; set; }

    /// <summary>CalibanKubeNamespace: empty means the context's namespace, else "default".</summary>
    public string? KubeNamespace { get; set; }

    /// <summary>CalibanSubmitParallel: Job creates in flight at once (default 32).</summary>
    public string? SubmitParallel { get; set; }

    public bool DryRun { get; set; }

    protected KubeCluster Connect() => KubeClusterConnector.Connect(ClusterOptions());

    protected KubeClusterOptions ClusterOptions() => new()
    {
        KubeConfig = string.IsNullOrWhiteSpace(KubeConfig) ? null
            : string.Join(Path.PathSeparator, KubeConfig.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(path => Path.GetFullPath(Path.Combine(ProjectDirectory, path)))),
        Context = KubeContext,
        Namespace = KubeNamespace,
    };

    protected ClusterSubmitOptions SubmitOptions() => new()
    {
        Parallel = RunSettings.PositiveNumber(SubmitParallel, "CalibanSubmitParallel", ClusterSubmitOptions.DefaultParallel),
    };
}
