using Caliban.Core.Diagnostics;
using k8s;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// Reads a manifest file for CalibanClusterSubmitFile (Caliban's `job submit_file`): YAML or JSON, one or many
/// batch/v1 Jobs (YAML documents separated by `---`). Unknown fields are errors, as the server would make them.
/// </summary>
public static class ManifestFile
{
    public static IReadOnlyList<V1Job> Load(string path)
    {
        if (!File.Exists(path))
            throw new CalibanException(ErrorCodes.ManifestFileNotFound,
                $"CalibanManifestFile names {path}, which does not exist. Point it at a YAML or JSON file of batch/v1 Jobs (CalibanClusterExport writes such files).");
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".yaml" or ".yml" or ".json"))
            throw Invalid(path, $"its extension is '{extension}'; use .yaml, .yml or .json");

        List<object> documents;
        try
        {
            documents = KubernetesYaml.LoadAllFromString(File.ReadAllText(path), typeMap: null, strict: true);
        }
        catch (Exception error) when (error is YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            var reason = error is YamlDotNet.Core.YamlException yaml ? $"line {yaml.Start.Line}: {yaml.InnerException?.Message ?? yaml.Message}" : error.Message;
            throw Invalid(path, reason, error);
        }

        var jobs = new List<V1Job>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is not V1Job job)
                throw Invalid(path, $"document {i + 1} is a {Describe(documents[i])}, not a batch/v1 Job");
            if (job.Spec?.Template?.Spec?.Containers is not { Count: > 0 })
                throw Invalid(path, $"document {i + 1} (Job {job.Metadata?.Name ?? "without a name"}) has no containers in spec.template.spec");
            var name = job.Metadata?.Name;
            if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(job.Metadata?.GenerateName))
                throw Invalid(path, $"document {i + 1} has neither metadata.name nor metadata.generateName");
            if (!string.IsNullOrEmpty(name) && !KubeNames.IsValidName(name))
                throw Invalid(path, $"document {i + 1} is named '{name}', which is not a DNS-1123 name of at most 63 characters");
            jobs.Add(job);
        }
        if (jobs.Count == 0) throw Invalid(path, "it holds no Job");
        var duplicate = jobs.Where(job => !string.IsNullOrEmpty(job.Metadata.Name)).GroupBy(job => job.Metadata.Name).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null) throw Invalid(path, $"the name {duplicate.Key} is used by {duplicate.Count()} Jobs");
        return jobs;
    }

    /// <summary>
    /// The name a Job of the file is created under: its own, or (for generateName) the prefix plus a hash of the
    /// submission and position, so a retried create finds the same Job instead of making another.
    /// </summary>
    public static string NameFor(V1Job job, int position, string submission) => !string.IsNullOrEmpty(job.Metadata.Name)
        ? job.Metadata.Name
        : KubeNames.Fit(KubeNames.Sanitize(job.Metadata.GenerateName!.TrimEnd('-')), $"-{KubeNames.ShortHash($"{submission}\n{position}")}");

    private static string Describe(object document) => document switch
    {
        IKubernetesObject kubernetes => $"{kubernetes.ApiVersion} {kubernetes.Kind}",
        _ => document.GetType().Name,
    };

    private static CalibanException Invalid(string path, string reason, Exception? inner = null) => new(ErrorCodes.ManifestFileInvalid,
        $"The manifest file {path} cannot be submitted: {reason}. Fix the file (CalibanClusterExport writes valid ones).", path, inner);
}
