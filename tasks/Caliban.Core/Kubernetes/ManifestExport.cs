using Caliban.Core.Diagnostics;
using Caliban.Core.IO;
using k8s;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// Writes Job manifests as YAML without submitting anything (Caliban's `--export`): one file per Job (NAME.yaml) or
/// one multi-document file (jobs.yaml). The same sweep and settings always give the same bytes.
/// </summary>
public static class ManifestExport
{
    public const string PerJob = "per-job";
    public const string Single = "single";
    public const string SingleFileName = "jobs.yaml";

    public static bool IsSingle(string? format) => (format?.Trim().ToLowerInvariant()) switch
    {
        null or "" or PerJob => false,
        Single => true,
        _ => throw new CalibanException(ErrorCodes.ClusterExportFormatInvalid,
            $"CalibanClusterExportFormat is '{format}'; use {PerJob} (one YAML file per Job, the default) or {Single} (one multi-document {SingleFileName})."),
    };

    /// <summary>The manifests as one YAML stream, documents separated by `---`.</summary>
    public static string Yaml(IEnumerable<V1Job> jobs) => string.Join("---\n", jobs.Select(job => KubernetesYaml.Serialize(job).TrimEnd() + "\n"));

    /// <summary>Writes the files and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, bool single, IReadOnlyList<V1Job> jobs)
    {
        Directory.CreateDirectory(directory);
        if (single)
        {
            var path = Path.Combine(directory, SingleFileName);
            AtomicFile.WriteAllText(path, Yaml(jobs));
            return [path];
        }
        return jobs.Select(job =>
        {
            var path = Path.Combine(directory, job.Metadata.Name + ".yaml");
            AtomicFile.WriteAllText(path, Yaml([job]));
            return path;
        }).ToArray();
    }
}
