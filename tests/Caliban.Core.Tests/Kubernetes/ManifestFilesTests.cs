using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.Kubernetes;

namespace Caliban.Core.Tests.Kubernetes;

public sealed class ManifestFilesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("caliban-manifests-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static IReadOnlyList<k8s.Models.V1Job> Sweep() => Enumerable.Range(0, 3)
        .Select(i => JobManifests.ForJob(JobManifestsTests.Settings, new PlannedJob(i, $"seed={i}", ["--seed", $"{i}"]), "export")).ToArray();

    [Fact]
    public void Export_writes_one_file_per_job_deterministically_and_they_load_back()
    {
        var first = ManifestExport.Write(Path.Combine(_directory.FullName, "a"), single: false, Sweep());
        var second = ManifestExport.Write(Path.Combine(_directory.FullName, "b"), single: false, Sweep());

        Assert.Equal(3, first.Count);
        Assert.Equal(first.Select(File.ReadAllText), second.Select(File.ReadAllText));
        var loaded = ManifestFile.Load(first[1]);
        Assert.Equal(["--seed", "1"], Assert.Single(loaded).Spec.Template.Spec.Containers[0].Args);
        Assert.Contains("apiVersion: batch/v1", File.ReadAllText(first[0]));
    }

    [Fact]
    public void Export_can_write_one_multi_document_file()
    {
        var files = ManifestExport.Write(_directory.FullName, single: true, Sweep());
        var path = Assert.Single(files);
        Assert.Equal(ManifestExport.SingleFileName, Path.GetFileName(path));
        Assert.Equal(3, ManifestFile.Load(path).Count);
    }

    [Fact]
    public void An_unknown_export_format_is_a_coded_error()
    {
        var error = Assert.Throws<CalibanException>(() => ManifestExport.IsSingle("zip"));
        Assert.Equal(ErrorCodes.ClusterExportFormatInvalid, error.Code);
        Assert.True(ManifestExport.IsSingle("Single"));
        Assert.False(ManifestExport.IsSingle(null));
    }

    [Fact]
    public void Json_manifests_load_too()
    {
        var path = Path.Combine(_directory.FullName, "job.json");
        File.WriteAllText(path, k8s.KubernetesJson.Serialize(Sweep()[0]));
        Assert.Equal(Sweep()[0].Metadata.Name, Assert.Single(ManifestFile.Load(path)).Metadata.Name);
    }

    [Theory]
    [InlineData("job.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n", "not a batch/v1 Job")]
    [InlineData("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: { name: x }\nspec: { template: { spec: { containers: [ { name: a, image: b } ] } }, colour: red }\n", "colour")]
    [InlineData("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: { name: x }\nspec: { template: { spec: { } } }\n", "no containers")]
    [InlineData("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: { name: Bad_Name }\nspec: { template: { spec: { containers: [ { name: a, image: b } ] } } }\n", "DNS-1123")]
    [InlineData("job.txt", "whatever", "extension")]
    public void Bad_manifest_files_are_coded_errors_naming_the_file(string name, string content, string reason)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        var error = Assert.Throws<CalibanException>(() => ManifestFile.Load(path));
        Assert.Equal(ErrorCodes.ManifestFileInvalid, error.Code);
        Assert.Contains(path, error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_missing_manifest_file_is_a_coded_error()
    {
        var error = Assert.Throws<CalibanException>(() => ManifestFile.Load(Path.Combine(_directory.FullName, "none.yaml")));
        Assert.Equal(ErrorCodes.ManifestFileNotFound, error.Code);
    }

    [Fact]
    public void Generate_name_gets_a_stable_name_per_submission()
    {
        var job = Sweep()[0];
        job.Metadata.Name = null;
        job.Metadata.GenerateName = "train-";
        Assert.Equal(ManifestFile.NameFor(job, 0, "s1"), ManifestFile.NameFor(job, 0, "s1"));
        Assert.NotEqual(ManifestFile.NameFor(job, 0, "s1"), ManifestFile.NameFor(job, 0, "s2"));
        Assert.Matches("^train-[0-9a-f]{5}$", ManifestFile.NameFor(job, 0, "s1"));
    }
}
