using Caliban.Core.Diagnostics;
using Caliban.Core.History;
using Caliban.Core.Kubernetes;

namespace Caliban.Build.Tasks;

// The Kubernetes share of CalibanResubmit: each job's recorded manifest, submitted again to the cluster it recorded.
public sealed partial class ResubmitCalibanJobs
{
    /// <summary>Resubmits the Kubernetes jobs among <paramref name="chosen"/>; returns the error naming those that failed, if any.</summary>
    private async Task<CalibanException?> ResubmitClusterJobsAsync(Core.History.JobStore store, string group, IReadOnlyList<JobView> chosen, bool recorded,
        ICalibanLog log, CancellationToken ct)
    {
        var jobs = chosen.Where(job => job.Backend == ClusterSubmission.Backend).ToArray();
        if (jobs.Length == 0) return null;
        var image = recorded || string.IsNullOrWhiteSpace(PushedImage) ? null : PushedImage.Trim();
        if (image is null && !recorded)
            log.Info("No image was pushed in this build (CalibanPush runs when CalibanImageRepository is set): the cluster jobs run again on the images they recorded.");
        var options = new ClusterSubmitOptions { Parallel = RunSettings.PositiveNumber(SubmitParallel, "CalibanSubmitParallel", ClusterSubmitOptions.DefaultParallel) };
        var batches = await ClusterResubmission.SubmitAsync(store, jobs, image, ImageDigest, options, log, ct);
        CalibanException? failure = null;
        foreach (var batch in batches)
        {
            log.Info(ClusterSubmission.Summary(batch.Outcomes, batch.Cluster, group));
            failure ??= ClusterSubmission.Failure(batch.Outcomes, batch.Cluster, group);
            batch.Cluster.Dispose();
        }
        return failure;
    }
}
