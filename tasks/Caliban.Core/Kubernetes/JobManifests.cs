using System.Globalization;
using System.Text.Json;
using Caliban.Core.Experiments;
using k8s;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// Builds the batch/v1 Jobs of a sweep: one per job, or one Indexed Job for all. The manifests carry the labels that
/// identify group and user; <see cref="Stamp"/> adds the per-submission ones (experiment, history job, submission)
/// just before they are created.
/// </summary>
public static class JobManifests
{
    public const string GpuResource = "nvidia.com/gpu";
    public const string GkeAccelerator = "cloud.google.com/gke-accelerator";
    public const string GkeSpot = "cloud.google.com/gke-spot";

    /// <summary>The Job for <paramref name="job"/>; <paramref name="uniqueKey"/> (the submission) makes its name unique.</summary>
    public static V1Job ForJob(ClusterJobSettings settings, PlannedJob job, string uniqueKey)
    {
        var name = KubeNames.JobName(settings.BaseName, job.Index, $"{uniqueKey}\n{job.Index}\n{JsonSerializer.Serialize(job.Arguments)}");
        var container = Container(settings);
        container.Args = job.Arguments.Count == 0 ? null : job.Arguments.Select(IndexedJobArguments.Escape).ToList();
        var manifest = Job(settings, name, container);
        manifest.Metadata.Annotations = new Dictionary<string, string> { [KubeLabels.ExperimentNameAnnotation] = job.Name };
        return manifest;
    }

    /// <summary>
    /// One Indexed Job running every job of the sweep: completions = the job count, parallelism = CalibanClusterParallelism
    /// (capped at the count), each index picking its arguments through <see cref="IndexedJobArguments"/>. A failed index
    /// does not stop the others (backoffLimitPerIndex).
    /// </summary>
    public static V1Job ForIndexedJob(ClusterJobSettings settings, IReadOnlyList<PlannedJob> jobs, string uniqueKey)
    {
        if (jobs.Count == 0) throw new ArgumentException("An Indexed Job needs at least one job.", nameof(jobs));
        if (settings.EntryPoint.Count == 0) throw new ArgumentException("An Indexed Job needs the image's entry point.", nameof(settings));
        var allArguments = JsonSerializer.Serialize(jobs.Select(job => job.Arguments));
        var name = KubeNames.Fit(KubeNames.Sanitize(settings.BaseName), "-" + KubeNames.ShortHash($"{uniqueKey}\nindexed\n{allArguments}"));
        var container = Container(settings);
        container.Command = ["/bin/sh", "-c", IndexedJobArguments.Wrapper, IndexedJobArguments.ScriptName];
        container.Args = settings.EntryPoint.Select(IndexedJobArguments.Escape).ToList();
        container.Env ??= [];
        container.Env.Add(new V1EnvVar { Name = IndexedJobArguments.NewlineVariable, Value = "\n" });
        container.Env.Add(new V1EnvVar
        {
            Name = IndexedJobArguments.ArgumentsVariable,
            Value = IndexedJobArguments.Escape(IndexedJobArguments.Lines(jobs.Select(job => job.Arguments))),
        });
        var manifest = Job(settings, name, container);
        manifest.Spec.CompletionMode = "Indexed";
        manifest.Spec.Completions = jobs.Count;
        manifest.Spec.Parallelism = Math.Min(jobs.Count, settings.Parallelism ?? jobs.Count);
        manifest.Spec.BackoffLimitPerIndex = settings.BackoffLimit;
        manifest.Spec.BackoffLimit = null;
        return manifest;
    }

    /// <summary>
    /// Adds <paramref name="labels"/> to the Job and to its pods, in place (manifests are built per submission, and a
    /// thousand JSON round trips would cost more than the creates), and returns it.
    /// </summary>
    public static V1Job Stamp(V1Job manifest, IReadOnlyDictionary<string, string> labels)
    {
        manifest.Metadata.Labels ??= new Dictionary<string, string>();
        manifest.Spec.Template.Metadata ??= new V1ObjectMeta();
        manifest.Spec.Template.Metadata.Labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in labels)
        {
            manifest.Metadata.Labels[key] = value;
            manifest.Spec.Template.Metadata.Labels[key] = value;
        }
        return manifest;
    }

    /// <summary>The labels one submission stamps on a Job of history job <paramref name="jobId"/> (null for an Indexed Job's many).</summary>
    public static IReadOnlyDictionary<string, string> SubmissionLabels(string submission, long? experimentId, long? jobId)
    {
        var labels = new Dictionary<string, string> { [KubeLabels.Submission] = submission };
        if (experimentId is { } experiment) labels[KubeLabels.Experiment] = experiment.ToString(CultureInfo.InvariantCulture);
        if (jobId is { } job) labels[KubeLabels.Job] = job.ToString(CultureInfo.InvariantCulture);
        return labels;
    }

    public static V1Job Clone(V1Job manifest) => KubernetesJson.Deserialize<V1Job>(KubernetesJson.Serialize(manifest));

    private static V1Job Job(ClusterJobSettings settings, string name, V1Container container)
    {
        var labels = Labels(settings);
        var podLabels = new Dictionary<string, string>(labels) { [KubeLabels.JobName] = name };
        var tolerations = new List<V1Toleration>();
        var selector = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (settings.Gpu is { } gpu)
        {
            selector[GkeAccelerator] = gpu.Type.GkeAcceleratorLabel;
            tolerations.Add(new V1Toleration { Key = GpuResource, OperatorProperty = "Exists", Effect = "NoSchedule" });
        }
        if (settings.Spot)
        {
            selector[GkeSpot] = "true";
            tolerations.Add(new V1Toleration { Key = GkeSpot, OperatorProperty = "Equal", Value = "true", Effect = "NoSchedule" });
        }
        tolerations.AddRange(settings.Tolerations);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1JobSpec
            {
                BackoffLimit = settings.BackoffLimit,
                TtlSecondsAfterFinished = settings.TtlSecondsAfterFinished,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = podLabels },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers = [container],
                        NodeSelector = selector.Count == 0 ? null : new Dictionary<string, string>(selector),
                        Tolerations = tolerations.Count == 0 ? null : tolerations,
                        ImagePullSecrets = settings.ImagePullSecrets.Count == 0 ? null
                            : settings.ImagePullSecrets.Select(secret => new V1LocalObjectReference { Name = secret }).ToList(),
                        ServiceAccountName = string.IsNullOrWhiteSpace(settings.ServiceAccount) ? null : settings.ServiceAccount,
                    },
                },
            },
        };
    }

    private static V1Container Container(ClusterJobSettings settings)
    {
        var requests = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(settings.Cpu),
            ["memory"] = new(settings.Memory),
        };
        var limits = settings.Gpu is { } gpu
            ? new Dictionary<string, ResourceQuantity> { [GpuResource] = new(gpu.Count.ToString(CultureInfo.InvariantCulture)) }
            : null;
        return new V1Container
        {
            Name = ClusterJobSettings.ContainerName,
            Image = settings.Image,
            // Pinned by digest, so the node's copy is always the right one.
            ImagePullPolicy = "IfNotPresent",
            Env = settings.Environment.Count == 0 ? null : settings.Environment.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => new V1EnvVar { Name = pair.Key, Value = pair.Value }).ToList(),
            Resources = new V1ResourceRequirements { Requests = requests, Limits = limits },
        };
    }

    private static Dictionary<string, string> Labels(ClusterJobSettings settings)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in settings.Labels) labels[key] = value;
        labels[KubeLabels.ManagedBy] = KubeLabels.ManagedByValue;
        labels[KubeLabels.Group] = KubeNames.LabelValue(settings.Group);
        labels[KubeLabels.User] = KubeNames.LabelValue(settings.User);
        return labels;
    }
}
