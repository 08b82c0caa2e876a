using System.Text.Json;
using Caliban.Core.CloudRuns;
using Caliban.Core.Experiments;
using Caliban.Core.Vertex;

namespace Caliban.Core.Tests.CloudRuns;

public sealed class CloudDryRunTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "caliban-dryrun-" + Guid.NewGuid().ToString("N"));

    internal static CloudJobRequest Request(int index, string image = "127.0.0.1:5000/r@sha256:" + "ab") => new(
        new PlannedJob(index, $"seed={index}", ["--seed", index.ToString()]),
        new CustomJob
        {
            DisplayName = $"caliban-test-{index}",
            Labels = new Dictionary<string, string>(CloudRunLabels.For(CloudDryRun.SubmissionPlaceholder, index)) { ["zeta"] = "1", ["alpha"] = "2" },
            JobSpec = new CustomJobSpec
            {
                WorkerPoolSpecs =
                [
                    new WorkerPoolSpec
                    {
                        MachineSpec = new MachineSpec { MachineType = "n1-standard-4" },
                        ContainerSpec = new ContainerSpec { ImageUri = image, Args = ["--seed", index.ToString()] },
                    },
                ],
            },
        });

    [Fact]
    public void Writes_one_deterministic_file_per_job_and_clears_old_ones()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "job-0099.json"), "{}");

        var first = CloudDryRun.Write(_directory, [Request(0), Request(1)]);
        var firstText = first.Select(File.ReadAllText).ToArray();
        var second = CloudDryRun.Write(_directory, [Request(0), Request(1)]);

        Assert.Equal(new[] { "job-0000.json", "job-0001.json" }, Directory.GetFiles(_directory).Select(path => Path.GetFileName(path)!).Order().ToArray());
        Assert.Equal(firstText, second.Select(File.ReadAllText).ToArray());
        Assert.True(firstText[0].IndexOf("\"alpha\"", StringComparison.Ordinal) < firstText[0].IndexOf("\"zeta\"", StringComparison.Ordinal)); // sorted
        using var body = JsonDocument.Parse(firstText[1]);
        Assert.Equal("caliban-test-1", body.RootElement.GetProperty("displayName").GetString());
        Assert.Equal("1", body.RootElement.GetProperty("labels").GetProperty(CloudRunLabels.Job).GetString());
        Assert.Equal(CloudDryRun.SubmissionPlaceholder, body.RootElement.GetProperty("labels").GetProperty(CloudRunLabels.Submission).GetString());
        Assert.Equal("1", body.RootElement.GetProperty("jobSpec").GetProperty("workerPoolSpecs")[0].GetProperty("replicaCount").GetString());
        Assert.False(body.RootElement.TryGetProperty("name", out _)); // output-only fields are not sent
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
