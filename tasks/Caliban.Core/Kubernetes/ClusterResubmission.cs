using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;
using k8s;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>One cluster's share of a resubmit: where it went and how each Job's create ended.</summary>
public sealed record ClusterResubmitBatch(KubeCluster Cluster, IReadOnlyList<ClusterUnitOutcome> Outcomes);

/// <summary>
/// Runs recorded Kubernetes jobs again: each job's stored manifest under a new name (its old one minus the hash, plus a
/// new hash), on the cluster and namespace it recorded, on <c>image</c> when given (the image just pushed) or the recorded
/// one. An index of an Indexed Job comes back as a Job of its own.
/// </summary>
public static partial class ClusterResubmission
{
    public static async Task<IReadOnlyList<ClusterResubmitBatch>> SubmitAsync(JobStore store, IReadOnlyList<JobView> jobs, string? image, string? digest,
        ClusterSubmitOptions options, ICalibanLog log, CancellationToken ct, Func<KubeClusterOptions, KubeCluster>? connect = null)
    {
        connect ??= KubeClusterConnector.Connect;
        var batches = new List<ClusterResubmitBatch>();
        foreach (var batch in jobs.Select(job => (Job: job, Details: KubeJobDetails.FromJson(job.Details)))
                     // On their recorded images, jobs of different digests are separate submissions, each recorded with its own digest.
                     .GroupBy(entry => (entry.Details?.KubeConfig, entry.Details?.Context, entry.Details?.Namespace,
                         Digest: string.IsNullOrWhiteSpace(image) ? entry.Details?.Digest : null)))
        {
            var details = batch.First().Details ?? throw new CalibanException(ErrorCodes.KubeRequestFailed,
                $"Job {batch.First().Job.JobId} is recorded as a Kubernetes job without the cluster it ran on; it cannot be resubmitted. Submit its group again with -t:CalibanCluster.");
            var cluster = connect(new KubeClusterOptions { KubeConfig = details.KubeConfig, Context = details.Context, Namespace = details.Namespace });
            var submission = ClusterSubmission.NewId();
            var units = batch.Select(entry =>
            {
                var manifest = Renamed(KubernetesJson.Deserialize<V1Job>(entry.Job.SpecJson), $"{submission}\n{entry.Job.JobId}");
                if (!string.IsNullOrWhiteSpace(image))
                {
                    foreach (var container in manifest.Spec.Template.Spec.Containers) container.Image = image;
                }
                return new ClusterUnit(manifest, [new ClusterRow(entry.Job.ExperimentId, entry.Job.ExperimentName, ClusterSubmission.SpecJson(manifest))]);
            }).ToArray();
            log.Info($"Resubmitting {units.Length} Job(s) to {cluster.Where()}{(string.IsNullOrWhiteSpace(image) ? " on the images they recorded" : $" on {image}")}.");
            var outcomes = await ClusterSubmission.SubmitAsync(store, cluster, batch.First().Job.User,
                string.IsNullOrWhiteSpace(image) ? details.Digest : digest, submission, units, options, log, ct);
            batches.Add(new ClusterResubmitBatch(cluster, outcomes));
        }
        return batches;
    }

    /// <summary>A copy named `OLD-NEWHASH` (OLD without its own 5-digit hash), without the old submission's labels.</summary>
    internal static V1Job Renamed(V1Job manifest, string uniqueKey)
    {
        var copy = JobManifests.Clone(manifest);
        var old = TrailingHash().Replace(copy.Metadata.Name ?? copy.Metadata.GenerateName ?? "job", "");
        var name = KubeNames.Fit(KubeNames.Sanitize(old), "-" + KubeNames.ShortHash(uniqueKey));
        copy.Metadata = new V1ObjectMeta { Name = name, Labels = copy.Metadata.Labels, Annotations = copy.Metadata.Annotations };
        copy.Status = null;
        foreach (var labels in new[] { copy.Metadata.Labels, copy.Spec.Template.Metadata?.Labels })
        {
            if (labels is null) continue;
            foreach (var key in new[] { KubeLabels.Submission, KubeLabels.Job, KubeLabels.Experiment }) labels.Remove(key);
        }
        if (copy.Spec.Template.Metadata?.Labels is { } podLabels) podLabels[KubeLabels.JobName] = name;
        return copy;
    }

    [GeneratedRegex("-[0-9a-f]{5}$")]
    private static partial Regex TrailingHash();
}
