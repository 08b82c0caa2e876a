namespace Caliban.Core.Kubernetes;

/// <summary>Labels and annotations on every Job (and its pods) Caliban creates, so status, stop, logs and retries find them.</summary>
public static class KubeLabels
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "caliban-sdk";
    public const string Group = "caliban.build/group";
    public const string User = "caliban.build/user";
    public const string Experiment = "caliban.build/experiment";
    public const string Job = "caliban.build/job";

    /// <summary>One submission (one CalibanCluster run): a retried create that meets a 409 checks this to know the Job is its own.</summary>
    public const string Submission = "caliban.build/submission";

    /// <summary>On the pods: the Job's name, so its pods are found without relying on the controller's own labels.</summary>
    public const string JobName = "caliban.build/job-name";

    /// <summary>Annotation: the experiment's readable name (label values are too constrained for it).</summary>
    public const string ExperimentNameAnnotation = "caliban.build/experiment-name";

    /// <summary>The Job controller's label and annotation carrying a pod's completion index in an Indexed Job.</summary>
    public const string CompletionIndex = "batch.kubernetes.io/job-completion-index";
}
