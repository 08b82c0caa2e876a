using System.Globalization;
using Caliban.Core.Experiments;
using Caliban.Core.Vertex;

namespace Caliban.Core.Cloud;

/// <summary>
/// One planned job + settings → the Vertex AI CustomJob request body. One worker pool with one replica; the container
/// runs the image's ENTRYPOINT (the entry point) with the job's arguments, so no command is set. Labels and environment
/// come out sorted, so dry-run files are stable.
/// </summary>
public static class CustomJobBuilder
{
    /// <param name="imageReference">The image to run, by digest (<c>repository@sha256:…</c>) so the job is reproducible.</param>
    /// <param name="systemLabels">The submitter's own labels (e.g. to find the job again); valid Google labels that always win.</param>
    public static CustomJob Build(
        PlannedJob job,
        VertexJobSettings settings,
        string imageReference,
        string experimentGroup,
        IReadOnlyDictionary<string, string> systemLabels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imageReference);
        var scheduling = settings.Timeout is null && settings.SchedulingStrategy is null && settings.RestartJobOnWorkerRestart is null
            ? null
            : new Scheduling
            {
                Timeout = settings.Timeout,
                Strategy = settings.SchedulingStrategy,
                RestartJobOnWorkerRestart = settings.RestartJobOnWorkerRestart,
            };
        var disk = settings.DiskType is null && settings.DiskSizeGb is null
            ? null
            : new DiskSpec { BootDiskType = settings.DiskType, BootDiskSizeGb = settings.DiskSizeGb };

        return new CustomJob
        {
            DisplayName = DisplayName(settings.JobName, job.Index),
            Labels = CloudJobLabels.For(job, settings, experimentGroup, systemLabels),
            JobSpec = new CustomJobSpec
            {
                WorkerPoolSpecs =
                [
                    new WorkerPoolSpec
                    {
                        MachineSpec = settings.Machine,
                        ReplicaCount = 1,
                        DiskSpec = disk,
                        ContainerSpec = new ContainerSpec
                        {
                            ImageUri = imageReference,
                            Args = job.Arguments.Count == 0 ? null : job.Arguments.ToArray(),
                            Env = settings.Environment.Count == 0
                                ? null
                                : settings.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new EnvVar(e.Key, e.Value)).ToArray(),
                        },
                    },
                ],
                Scheduling = scheduling,
                ServiceAccount = settings.ServiceAccount,
                Network = settings.Network,
                BaseOutputDirectory = settings.OutputDirectory is null ? null : new GcsDestination(settings.OutputDirectory),
            },
        };
    }

    /// <summary><c>{jobName}-{index}</c>, the name cut so the whole stays within Vertex's 128 characters.</summary>
    public static string DisplayName(string jobName, int index)
    {
        var suffix = "-" + index.ToString(CultureInfo.InvariantCulture);
        return VertexJobSettingsParser.Truncate(jobName, VertexJobSettingsParser.MaxDisplayNameLength - suffix.Length) + suffix;
    }
}
