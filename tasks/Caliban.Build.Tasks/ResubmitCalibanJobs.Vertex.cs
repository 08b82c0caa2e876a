using Caliban.Core.CloudRuns;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;
using Caliban.Core.Runs;

namespace Caliban.Build.Tasks;

// The Vertex AI share of CalibanResubmit: each job's recorded request, sent again on the current or the recorded image.
public sealed partial class ResubmitCalibanJobs
{
    /// <summary>Resubmits the Vertex AI jobs among <paramref name="chosen"/>; returns the error naming those not submitted, if any.</summary>
    private async Task<CalibanException?> ResubmitVertexAsync(
        Core.History.JobStore store, IReadOnlyList<JobView> chosen, string group, bool recorded, ICalibanLog log, CancellationToken cancellationToken)
    {
        var jobs = chosen.Where(job => job.Backend == VertexSubmitter.Backend).ToArray();
        if (jobs.Length == 0) return null;
        PushedImage? current = null;
        if (!recorded)
        {
            if (string.IsNullOrWhiteSpace(PushedImage))
                throw new CalibanException(ErrorCodes.CloudImageNotPushed,
                    $"{jobs.Length} Vertex AI job(s) of group {group} need the current image pushed: set CalibanImageRepository (CalibanResubmit then pushes it), " +
                    "or set CalibanResubmitImage=recorded to run the exact image each job ran on.");
            var pushed = PushedImage.Trim();
            var image = CloudImages.WithPushedImage(RunImage.FromBuild(ProjectDirectory, ImageId, ImageTag, BaseImage, jobs[0].ContainerSpecJson), pushed);
            current = new PushedImage(image, pushed, string.IsNullOrWhiteSpace(ImageDigest) ? null : ImageDigest.Trim());
        }
        var parallel = RunSettings.PositiveNumber(SubmitParallel, "CalibanSubmitParallel", VertexSubmitter.DefaultParallel);
        var outcomes = await VertexResubmitter.ResubmitAsync(jobs, current, group, RunSettings.User, parallel, Vertex.For, store, log, cancellationToken);
        log.Info(CloudSubmitSummary.Format(outcomes, group));
        var failed = outcomes.Where(outcome => !outcome.Submitted).ToArray();
        return failed.Length == 0 ? null : new CalibanException(ErrorCodes.CloudJobsNotSubmitted, CloudSubmitSummary.DescribeFailures(failed, group));
    }
}
