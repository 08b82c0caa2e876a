using System.Diagnostics;
using System.Text.Json;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.Kubernetes;
using Caliban.Core.Runs;
using k8s.Models;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>
/// Submits the Jobs of a manifest file (CalibanManifestFile; Caliban's `job submit_file`) and, unlike Caliban, records
/// them in the job history so status, stop, logs and resubmit work for them too.
/// </summary>
public sealed class SubmitCalibanManifestFile : ClusterTask
{
    [Required] public string ManifestFile { get; set; } = "";

    [Output] public string ResolvedGroup { get; private set; } = "";

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Path.Combine(ProjectDirectory, ManifestFile));
        var jobs = Core.Kubernetes.ManifestFile.Load(path);
        var group = ResolvedGroup = RunSettings.GroupOrDefault(Group);
        if (DryRun)
        {
            log.Info($"Dry run: {jobs.Count} Job(s) from {path}; nothing is submitted or recorded.");
            log.Info(ManifestExport.Yaml(jobs).TrimEnd());
            return;
        }

        using var cluster = Connect();
        var submission = ClusterSubmission.NewId();
        var manifests = jobs.Select((job, position) => Prepared(job, position, submission, group, cluster, path)).ToArray();
        using var store = OpenStore();
        var firstImage = manifests[0].Spec.Template.Spec.Containers[0].Image ?? "(none)";
        var image = new RunImage
        {
            ImageId = firstImage, Tag = firstImage, ProjectDirectory = ProjectDirectory,
            BuildSpecJson = JsonSerializer.Serialize(new { manifestFile = path }),
        };
        var planned = manifests.Select((job, position) => new PlannedJob(position, job.Metadata.Name,
            job.Spec.Template.Spec.Containers[0].Args?.ToArray() ?? [])).ToArray();
        var experiments = RunHistory.RecordExperiments(store, group, RunSettings.User, image, digest: null, planned);
        var units = manifests.Select((job, position) => new ClusterUnit(job,
            [new ClusterRow(experiments[position], job.Metadata.Name, ClusterSubmission.SpecJson(job))])).ToArray();

        log.Info($"Submitting {units.Length} Job(s) from {path} to {cluster.Where()} as group {group}.");
        var clock = Stopwatch.StartNew();
        var outcomes = await ClusterSubmission.SubmitAsync(store, cluster, RunSettings.User, null, submission, units, SubmitOptions(), log, cancellationToken);
        log.Info(ClusterSubmission.Summary(outcomes, cluster, group, clock.Elapsed));
        if (ClusterSubmission.Failure(outcomes, cluster, group) is { } failure) throw failure;
    }

    /// <summary>The file's Job with its final name and Caliban's labels (group, user; its pods' Job name).</summary>
    private static V1Job Prepared(V1Job job, int position, string submission, string group, KubeCluster cluster, string path)
    {
        var copy = JobManifests.Clone(job);
        if (!string.IsNullOrEmpty(copy.Metadata.NamespaceProperty) && copy.Metadata.NamespaceProperty != cluster.Namespace)
            throw new CalibanException(ErrorCodes.ManifestFileInvalid,
                $"Job {copy.Metadata.Name ?? copy.Metadata.GenerateName} in {path} names namespace {copy.Metadata.NamespaceProperty}, but Jobs go to {cluster.Where()}. " +
                $"Set CalibanKubeNamespace={copy.Metadata.NamespaceProperty}, or remove metadata.namespace from the file.", path);
        copy.Metadata.Name = Core.Kubernetes.ManifestFile.NameFor(job, position, submission);
        copy.Metadata.GenerateName = null;
        var labels = new Dictionary<string, string>
        {
            [KubeLabels.ManagedBy] = KubeLabels.ManagedByValue,
            [KubeLabels.Group] = KubeNames.LabelValue(group),
            [KubeLabels.User] = KubeNames.LabelValue(RunSettings.User),
        };
        var stamped = JobManifests.Stamp(copy, labels);
        stamped.Spec.Template.Metadata.Labels[KubeLabels.JobName] = stamped.Metadata.Name;
        return stamped;
    }
}
