using System.Globalization;
using System.Text;
using System.Text.Json;
using Caliban.Core.IO;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>
/// CalibanDryRun for CalibanCloud: every request body as the JSON that would be POSTed, one file per job under
/// obj/caliban/cloud/ (old files cleared). The bodies carry <see cref="SubmissionPlaceholder"/> and the job's index as
/// system labels, so the same inputs give byte-identical files. Nothing is sent.
/// </summary>
public static class CloudDryRun
{
    public const string SubmissionPlaceholder = "dry-run";

    private static readonly JsonSerializerOptions Indented = new(VertexJson.Options) { WriteIndented = true };

    /// <summary>Writes the files and returns their paths, in job order.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<CloudJobRequest> jobs)
    {
        Directory.CreateDirectory(directory);
        foreach (var old in Directory.EnumerateFiles(directory, "*.json")) File.Delete(old);
        var paths = new List<string>(jobs.Count);
        foreach (var (job, request) in jobs)
        {
            // Sorted labels, whatever dictionary the caller used.
            var body = request.Labels is null ? request : request with { Labels = new SortedDictionary<string, string>(request.Labels.ToDictionary(), StringComparer.Ordinal) };
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"job-{job.Index:0000}.json"));
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(body, Indented) + "\n");
            paths.Add(path);
        }
        return paths;
    }

    public static string Describe(string parent, string imageUri, bool placeholderImage, IReadOnlyList<CloudJobRequest> jobs, IReadOnlyList<string> paths, string group)
    {
        var text = new StringBuilder()
            .AppendLine($"Dry run: {jobs.Count} Vertex AI job(s) for group {group}; nothing is built, pushed, sent or recorded.")
            .AppendLine($"  would POST each to /v1/{parent}/customJobs")
            .AppendLine($"  image: {imageUri}{(placeholderImage ? " (a placeholder: CalibanPush has not run)" : "")}");
        for (var position = 0; position < jobs.Count; position++)
        {
            var (job, request) = jobs[position];
            var machine = request.JobSpec.WorkerPoolSpecs.Count > 0 ? request.JobSpec.WorkerPoolSpecs[0].MachineSpec : null;
            var accelerator = machine?.AcceleratorType is { } type ? $" + {machine.AcceleratorCount}x{type}" : "";
            text.AppendLine($"  job {job.Index} {request.DisplayName} ({machine?.MachineType}{accelerator}): {string.Join(' ', job.Arguments)}");
            text.AppendLine($"    -> {paths[position]}");
        }
        return text.ToString().TrimEnd();
    }
}
