using Caliban.Core.Experiments;
using Caliban.Core.History;

namespace Caliban.Core.Runs;

/// <summary>What every backend records before its jobs go out: the group, the image's container spec, and an experiment per job.</summary>
public static class RunHistory
{
    /// <summary>
    /// The experiment of each job, found or made in <paramref name="groupName"/> under <paramref name="image"/>'s container
    /// spec; for a resubmit, <paramref name="experimentIds"/> gives them (one per job) and only the spec is recorded.
    /// </summary>
    /// <param name="digest">The pushed image's digest, for jobs that run it from a registry.</param>
    public static IReadOnlyList<long> RecordExperiments(JobStore store, string groupName, string user, RunImage image, string? digest,
        IReadOnlyList<PlannedJob> jobs, IReadOnlyList<long>? experimentIds = null)
    {
        var group = store.GetOrCreateGroup(groupName, user);
        var spec = store.GetOrCreateContainerSpec(new ContainerSpecInput
        {
            ImageId = image.ImageId,
            ImageTag = image.Tag,
            ImageDigest = digest,
            BaseImage = image.BaseImage,
            GitCommit = image.GitCommit,
            GitDirty = image.GitDirty,
            ProjectDirectory = image.ProjectDirectory,
            SpecJson = image.BuildSpecJson,
        });
        return jobs.Select((job, position) => experimentIds?[position] ?? store.GetOrCreateExperiment(group.Id, spec.Id, job.Name, job.Arguments).Id)
            .ToArray();
    }
}
