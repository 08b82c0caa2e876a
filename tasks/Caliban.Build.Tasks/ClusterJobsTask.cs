using System.Text.Json;
using Caliban.Core.Cloud;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.Images;
using Caliban.Core.Kubernetes;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>Base of the tasks that make Job manifests from the sweep (submit, export): the Job settings as MSBuild parameters.</summary>
public abstract class ClusterJobsTask : ClusterTask
{
    public ITaskItem[] Jobs { get; set; } = [];

    /// <summary>CalibanPushedImage: the image by digest (repository@sha256:…).</summary>
    public string? Image { get; set; }

    public string? EntryPoint { get; set; }
    public ITaskItem[] EnvironmentVariables { get; set; } = [];
    public string? MinCpu { get; set; }
    public string? MinMemory { get; set; }
    public string? GpuSpec { get; set; }
    public bool Spot { get; set; }
    public string? BackoffLimit { get; set; }
    public string? JobTtlSeconds { get; set; }
    public string? ServiceAccount { get; set; }
    public bool IndexedJob { get; set; }
    public string? Parallelism { get; set; }
    public string? JobName { get; set; }
    public ITaskItem[] ImagePullSecrets { get; set; } = [];
    public ITaskItem[] Tolerations { get; set; } = [];
    public ITaskItem[] Labels { get; set; } = [];

    protected IReadOnlyList<PlannedJob> PlannedJobs() => Jobs.Select(ExpandCalibanExperiments.FromItem).ToArray();

    /// <summary>The Job settings; <paramref name="image"/> replaces a missing CalibanPushedImage (a dry run's placeholder).</summary>
    protected ClusterJobSettings Settings(string group, string? image = null)
    {
        var resolvedImage = string.IsNullOrWhiteSpace(Image) ? image : Image.Trim();
        if (string.IsNullOrWhiteSpace(resolvedImage))
            throw new CalibanException(ErrorCodes.ClusterImageMissing,
                "Cluster Jobs need the image pushed to a registry the cluster can pull from: set CalibanImageRepository (CalibanPush then pushes it and sets CalibanPushedImage), or set CalibanPushedImage to an image by digest.");
        return new ClusterJobSettings
        {
            Image = resolvedImage,
            BaseName = string.IsNullOrWhiteSpace(JobName) ? $"caliban-{RunSettings.User}" : JobName.Trim(),
            Group = group,
            User = RunSettings.User,
            Environment = EnvironmentVariables.ToDictionary(item => item.ItemSpec, item => item.GetMetadata("Value"), StringComparer.Ordinal),
            Cpu = KubeQuantities.Cpu(MinCpu, ClusterJobSettings.DefaultCpu),
            Memory = KubeQuantities.Memory(MinMemory, ClusterJobSettings.DefaultMemory),
            Gpu = string.IsNullOrWhiteSpace(GpuSpec) ? null : Core.Cloud.GpuSpec.Parse(GpuSpec),
            Spot = Spot,
            Tolerations = Tolerations.Select(item => KubeTolerations.From(item.ItemSpec, item.GetMetadata("Operator"), item.GetMetadata("Value"),
                item.GetMetadata("Effect"), item.GetMetadata("TolerationSeconds"))).ToArray(),
            BackoffLimit = RunSettings.OptionalWholeNumber(BackoffLimit, "CalibanBackoffLimit", "of retries (0 or more)") ?? 0,
            TtlSecondsAfterFinished = RunSettings.OptionalWholeNumber(JobTtlSeconds, "CalibanJobTtlSeconds", "of seconds (0 or more)"),
            ImagePullSecrets = ImagePullSecrets.Select(item => item.ItemSpec).ToArray(),
            ServiceAccount = string.IsNullOrWhiteSpace(ServiceAccount) ? null : ServiceAccount.Trim(),
            Labels = UserLabels(),
            EntryPoint = IndexedJob ? EntryPointCommand() : [],
            Parallelism = IndexedJob ? RunSettings.PositiveNumber(Parallelism, "CalibanClusterParallelism", int.MaxValue) : null,
        };
    }

    /// <summary>The manifests: one Job per planned job, or one Indexed Job (CalibanClusterIndexedJob) for them all.</summary>
    protected IReadOnlyList<k8s.Models.V1Job> Manifests(ClusterJobSettings settings, IReadOnlyList<PlannedJob> jobs, string uniqueKey) =>
        jobs.Count == 0 ? []
        : IndexedJob ? [JobManifests.ForIndexedJob(settings, jobs, uniqueKey)]
        : jobs.Select(job => JobManifests.ForJob(settings, job, uniqueKey)).ToArray();

    /// <summary>What shaped the image, for the history's container spec.</summary>
    protected string BuildSpecJson() => JsonSerializer.Serialize(new { entryPoint = EntryPoint });

    private IReadOnlyList<string> EntryPointCommand()
    {
        if (string.IsNullOrWhiteSpace(EntryPoint))
            throw new CalibanException(ErrorCodes.IndexedJobNeedsEntryPoint,
                "CalibanClusterIndexedJob=true runs the image's entry point once per index with that index's arguments, so it needs CalibanEntryPoint. Set it, or leave CalibanClusterIndexedJob false for one Job per experiment.");
        return Core.Images.EntryPoint.Resolve(ProjectDirectory, EntryPoint).Command;
    }

    private Dictionary<string, string> UserLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Labels)
        {
            var value = item.GetMetadata("Value");
            if (!KubeNames.IsValidLabelKey(item.ItemSpec) || !KubeNames.IsValidLabelValue(value))
                throw new CalibanException(ErrorCodes.KubeLabelInvalid,
                    $"CalibanLabel '{item.ItemSpec}' with Value '{value}' is not a valid Kubernetes label: keys are an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.'; values at most 63 of those, starting and ending with a letter or digit.");
            labels[item.ItemSpec] = value;
        }
        return labels;
    }
}
