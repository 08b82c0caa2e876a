using System.Text.Json;
using System.Text.Json.Nodes;
using Caliban.Core.Cloud;
using Caliban.Core.Experiments;
using Caliban.Core.Vertex;

namespace Caliban.Core.Tests.Cloud;

public sealed class CustomJobBuilderTests
{
    private const string Image = "us-docker.pkg.dev/my-project/repo/mnist@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly Dictionary<string, string> SystemLabels = new() { ["caliban_run"] = "r-42", ["caliban_job"] = "3" };

    private static JsonNode Json(CustomJob job) => JsonNode.Parse(JsonSerializer.Serialize(job, VertexJson.Options))!;

    [Fact]
    public void A_full_job_becomes_the_expected_request_body()
    {
        var settings = CloudTestSettings.Parse(i => i with
        {
            Region = "europe-west4",
            MachineType = "n1-standard-16",
            GpuSpec = "2xV100",
            DiskType = "pd-standard",
            DiskSizeGb = "200",
            Timeout = "2h",
            SchedulingStrategy = "spot",
            RestartOnWorkerRestart = "false",
            ServiceAccount = "trainer@my-project.iam.gserviceaccount.com",
            Network = "projects/123/global/networks/vpc",
            OutputDirectory = "gs://bucket/runs",
            JobName = "mnist",
            Labels = [new("Team", "Vision")],
            Environment = [new("WANDB_MODE", "offline"), new("A", "1")],
        });
        var job = CustomJobBuilder.Build(new PlannedJob(3, "lr=0.1", ["--epochs", "3", "--lr", "0.1"]), settings, Image, "alice-xgroup", SystemLabels);

        var expected = JsonNode.Parse($$"""
        {
          "displayName": "mnist-3",
          "jobSpec": {
            "workerPoolSpecs": [{
              "machineSpec": { "machineType": "n1-standard-16", "acceleratorType": "NVIDIA_TESLA_V100", "acceleratorCount": 2 },
              "replicaCount": "1",
              "diskSpec": { "bootDiskType": "pd-standard", "bootDiskSizeGb": 200 },
              "containerSpec": {
                "imageUri": "{{Image}}",
                "args": ["--epochs", "3", "--lr", "0.1"],
                "env": [{ "name": "A", "value": "1" }, { "name": "WANDB_MODE", "value": "offline" }]
              }
            }],
            "scheduling": { "timeout": "7200s", "restartJobOnWorkerRestart": false, "strategy": "SPOT" },
            "serviceAccount": "trainer@my-project.iam.gserviceaccount.com",
            "network": "projects/123/global/networks/vpc",
            "baseOutputDirectory": { "outputUriPrefix": "gs://bucket/runs" }
          },
          "labels": {
            "caliban_job": "3",
            "caliban_run": "r-42",
            "caliban_xgroup": "alice-xgroup",
            "epochs": "3",
            "gpu_enabled": "true",
            "job_name": "mnist",
            "lr": "0_1",
            "team": "vision",
            "tpu_enabled": "false"
          }
        }
        """);
        Assert.True(JsonNode.DeepEquals(expected, Json(job)), Json(job).ToJsonString());
    }

    [Fact]
    public void A_minimal_job_leaves_out_what_is_not_set()
    {
        var settings = CloudTestSettings.Parse(i => i with { UseGpu = "false" });
        var json = Json(CustomJobBuilder.Build(new PlannedJob(0, "default", []), settings, Image, "g", new Dictionary<string, string>()));
        var expected = JsonNode.Parse($$"""
        {
          "displayName": "caliban-alice-0",
          "jobSpec": {
            "workerPoolSpecs": [{
              "machineSpec": { "machineType": "n1-highcpu-32" },
              "replicaCount": "1",
              "containerSpec": { "imageUri": "{{Image}}" }
            }]
          },
          "labels": { "caliban_xgroup": "g", "gpu_enabled": "false", "job_name": "caliban-alice", "tpu_enabled": "false" }
        }
        """);
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void A_v5e_tpu_job_names_its_machine_type_and_topology()
    {
        var settings = CloudTestSettings.Parse(i => i with { TpuSpec = "4xV5E" });
        var machine = Json(CustomJobBuilder.Build(new PlannedJob(0, "default", []), settings, Image, "g", SystemLabels))["jobSpec"]!["workerPoolSpecs"]![0]!["machineSpec"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"machineType":"ct5lp-hightpu-4t","tpuTopology":"2x2"}"""), machine), machine.ToJsonString());
    }

    [Fact]
    public void Only_set_scheduling_and_disk_fields_are_written()
    {
        var settings = CloudTestSettings.Parse(i => i with { Timeout = "600", DiskSizeGb = "300" });
        var spec = Json(CustomJobBuilder.Build(new PlannedJob(0, "default", []), settings, Image, "g", SystemLabels))["jobSpec"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"timeout":"600s"}"""), spec["scheduling"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"bootDiskSizeGb":300}"""), spec["workerPoolSpecs"]![0]!["diskSpec"]));
    }

    [Fact]
    public void Output_is_deterministic_whatever_the_input_order()
    {
        string Body(VertexJobSettingsInput input) => JsonSerializer.Serialize(
            CustomJobBuilder.Build(new PlannedJob(1, "x", ["--b", "2", "--a", "1"]), CloudTestSettings.Parse(input), Image, "g", SystemLabels),
            VertexJson.Options);
        var one = Body(CloudTestSettings.Input with { Labels = [new("z", "1"), new("y", "2")], Environment = [new("Z", "1"), new("Y", "2")] });
        var two = Body(CloudTestSettings.Input with { Labels = [new("y", "2"), new("z", "1")], Environment = [new("Y", "2"), new("Z", "1")] });
        Assert.Equal(one, two);
        Assert.True(one.IndexOf("\"a\":", StringComparison.Ordinal) < one.IndexOf("\"b\":", StringComparison.Ordinal));
    }

    [Fact]
    public void Display_names_stay_within_128_characters_keeping_the_index()
    {
        var settings = CloudTestSettings.Parse(i => i with { JobName = new string('n', 200) });
        var name = CustomJobBuilder.Build(new PlannedJob(12345, "x", []), settings, Image, "g", SystemLabels).DisplayName;
        Assert.Equal(128, name.Length);
        Assert.EndsWith("n-12345", name);
        Assert.Equal("mnist-7", CustomJobBuilder.DisplayName("mnist", 7));
    }

    [Fact]
    public void The_body_round_trips_through_vertex_json()
    {
        var settings = CloudTestSettings.Parse(i => i with { GpuSpec = "1xT4", MachineType = "n1-standard-4", Timeout = "1d" });
        var job = CustomJobBuilder.Build(new PlannedJob(0, "d", ["--x", "1"]), settings, Image, "g", SystemLabels);
        var back = JsonSerializer.Deserialize<CustomJob>(JsonSerializer.Serialize(job, VertexJson.Options), VertexJson.Options)!;
        Assert.Equal(job.DisplayName, back.DisplayName);
        Assert.Equal(job.JobSpec.WorkerPoolSpecs[0].MachineSpec, back.JobSpec.WorkerPoolSpecs[0].MachineSpec);
        Assert.Equal(job.JobSpec.Scheduling, back.JobSpec.Scheduling);
        Assert.Equal(job.Labels, back.Labels);
    }

    [Fact]
    public void An_empty_image_reference_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => CustomJobBuilder.Build(new PlannedJob(0, "d", []), CloudTestSettings.Parse(i => i), " ", "g", SystemLabels));
}
