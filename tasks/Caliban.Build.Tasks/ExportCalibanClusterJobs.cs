using Caliban.Core.Diagnostics;
using Caliban.Core.Kubernetes;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>
/// Writes the Job manifests CalibanCluster would submit as YAML under CalibanClusterExportDir (Caliban's `--export`):
/// one file per Job or one multi-document file. Submits nothing, records nothing; the same inputs give the same files.
/// </summary>
public sealed class ExportCalibanClusterJobs : ClusterJobsTask
{
    [Required] public string ExportDirectory { get; set; } = "";

    /// <summary>CalibanClusterExportFormat: per-job (default) or single.</summary>
    public string? ExportFormat { get; set; }

    [Output] public ITaskItem[] ExportedFiles { get; private set; } = [];

    protected override Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var single = ManifestExport.IsSingle(ExportFormat);
        // Without a named group the labels carry a fixed one, so the files stay the same from build to build.
        var settings = Settings(Group ?? $"{RunSettings.User}-export");
        var jobs = PlannedJobs();
        var manifests = Manifests(settings, jobs, uniqueKey: "export");
        var directory = Path.GetFullPath(Path.Combine(ProjectDirectory, ExportDirectory));
        var files = ManifestExport.Write(directory, single, manifests);
        ExportedFiles = files.Select(path => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(path)).ToArray();
        log.Info($"Exported {manifests.Count} Job manifest(s) for {jobs.Count} experiment job(s) to {(single ? files[0] : directory)}; nothing was submitted. " +
                 "Submit them with -t:CalibanClusterSubmitFile -p:CalibanManifestFile=FILE, or kubectl apply -f.");
        return Task.CompletedTask;
    }
}
