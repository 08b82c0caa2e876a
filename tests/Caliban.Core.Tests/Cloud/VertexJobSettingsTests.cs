using Caliban.Core.Cloud;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Cloud;

public sealed class VertexJobSettingsTests
{
    private static CalibanException Fails(Func<VertexJobSettingsInput, VertexJobSettingsInput> change) =>
        Assert.Throws<CalibanException>(() => CloudTestSettings.Parse(change));

    [Fact]
    public void Defaults_are_calibans_gpu_mode()
    {
        var settings = CloudTestSettings.Parse(i => i);
        Assert.Equal("my-project", settings.Project.Value);
        Assert.Equal(new ResolvedSetting("us-central1", "the default"), settings.Region);
        Assert.Equal("n1-standard-8", settings.Machine.MachineType);
        Assert.Equal(("NVIDIA_TESLA_P100", 1), (settings.Machine.AcceleratorType, settings.Machine.AcceleratorCount));
        Assert.Equal("1xP100", settings.Gpu!.ToString());
        Assert.True(settings.GpuIsCalibanDefault);
        Assert.Null(settings.Tpu);
        Assert.Equal("caliban-alice", settings.JobName);
        Assert.False(settings.SkipValidation);
        Assert.Null(settings.Timeout);
        Assert.Null(settings.DiskType);
        Assert.Null(settings.DiskSizeGb);
        Assert.Null(settings.SchedulingStrategy);
        Assert.Null(settings.RestartJobOnWorkerRestart);
        Assert.Empty(settings.Labels);
        Assert.Empty(settings.Environment);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("FALSE")]
    public void Cpu_mode_defaults_to_n1_highcpu_32_without_accelerator(string useGpu)
    {
        var settings = CloudTestSettings.Parse(i => i with { UseGpu = useGpu });
        Assert.Equal("n1-highcpu-32", settings.Machine.MachineType);
        Assert.Null(settings.Machine.AcceleratorType);
        Assert.Null(settings.Gpu);
    }

    [Theory]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("true")]
    public void Gpu_mode_takes_the_spec_given(string useGpu)
    {
        var settings = CloudTestSettings.Parse(i => i with { UseGpu = useGpu, GpuSpec = "2xV100", MachineType = "N1-HIGHMEM-8" });
        Assert.Equal("n1-highmem-8", settings.Machine.MachineType);
        Assert.Equal(("NVIDIA_TESLA_V100", 2), (settings.Machine.AcceleratorType, settings.Machine.AcceleratorCount));
        Assert.False(settings.GpuIsCalibanDefault);
    }

    [Theory]
    [InlineData("a2-highgpu-2g", "2xA100", "NVIDIA_TESLA_A100")]
    [InlineData("g2-standard-24", "2xL4", "NVIDIA_L4")]
    [InlineData("a3-megagpu-8g", "8xH100_MEGA", "NVIDIA_H100_MEGA_80GB")]
    public void Machine_types_with_built_in_gpus_default_to_those(string machineType, string gpu, string accelerator)
    {
        var settings = CloudTestSettings.Parse(i => i with { MachineType = machineType });
        Assert.Equal(gpu, settings.Gpu!.ToString());
        Assert.Equal(accelerator, settings.Machine.AcceleratorType);
        Assert.False(settings.GpuIsCalibanDefault);
    }

    [Fact]
    public void A_cpu_only_machine_type_gets_no_default_gpu()
    {
        var settings = CloudTestSettings.Parse(i => i with { MachineType = "e2-standard-8" });
        Assert.Null(settings.Gpu);
        Assert.Null(settings.Machine.AcceleratorType);
    }

    [Theory]
    [InlineData("8xV3", "TPU_V3")]
    [InlineData("8xV2", "TPU_V2")]
    public void V2_and_v3_tpus_run_on_cloud_tpu_as_in_caliban(string spec, string accelerator)
    {
        var settings = CloudTestSettings.Parse(i => i with { TpuSpec = spec });
        Assert.Equal(("cloud-tpu", accelerator, 8), (settings.Machine.MachineType, settings.Machine.AcceleratorType, settings.Machine.AcceleratorCount));
        Assert.Null(settings.Gpu);
        Assert.Equal(spec, settings.Tpu!.ToString());
    }

    [Theory]
    [InlineData("1xV5E", "ct5lp-hightpu-1t", "1x1")]
    [InlineData("4xV5E", "ct5lp-hightpu-4t", "2x2")]
    [InlineData("8xV5E", "ct5lp-hightpu-8t", "2x4")]
    public void V5e_tpus_are_tpu_vm_machine_types_with_a_topology(string spec, string machineType, string topology)
    {
        var settings = CloudTestSettings.Parse(i => i with { TpuSpec = spec });
        Assert.Equal((machineType, topology), (settings.Machine.MachineType, settings.Machine.TpuTopology));
        Assert.Null(settings.Machine.AcceleratorType);
        Assert.Null(settings.Machine.AcceleratorCount);
    }

    [Fact]
    public void A_v5e_count_vertex_does_not_offer_lists_the_offered_ones()
    {
        var error = Fails(i => i with { TpuSpec = "2xV5E" });
        Assert.Equal(ErrorCodes.TpuCountNotOffered, error.Code);
        Assert.Contains("1xV5E, 4xV5E, 8xV5E", error.Message);
    }

    [Fact]
    public void Caliban_spelling_cloud_tpu_is_accepted_with_a_tpu()
    {
        var settings = CloudTestSettings.Parse(i => i with { TpuSpec = "8xV3", MachineType = "cloud_tpu" });
        Assert.Equal("cloud-tpu", settings.Machine.MachineType);
    }

    [Fact]
    public void Another_machine_type_with_a_tpu_is_an_error()
    {
        var error = Fails(i => i with { TpuSpec = "8xV3", MachineType = "n1-standard-8" });
        Assert.Equal(ErrorCodes.MachineTypeConflictsWithTpu, error.Code);
        Assert.Contains("cloud-tpu", error.Message);
    }

    [Fact]
    public void Nogpu_with_a_gpu_spec_conflicts()
    {
        var error = Fails(i => i with { UseGpu = "false", GpuSpec = "1xT4" });
        Assert.Equal(ErrorCodes.GpuSpecWithoutGpu, error.Code);
        Assert.Contains("CalibanUseGpu", error.Message);
        Assert.Contains("CalibanGpuSpec", error.Message);
        Assert.Contains("conflict", error.Message);
    }

    [Fact]
    public void Gpu_and_tpu_together_are_an_error()
    {
        var error = Fails(i => i with { GpuSpec = "1xT4", TpuSpec = "8xV3" });
        Assert.Equal(ErrorCodes.GpuAndTpuSpec, error.Code);
    }

    [Fact]
    public void Gpu_spec_errors_come_from_the_shared_parser()
    {
        Assert.Equal(ErrorCodes.GpuSpecInvalid, Fails(i => i with { GpuSpec = "T4" }).Code);
        Assert.Equal(ErrorCodes.GpuTypeUnknown, Fails(i => i with { GpuSpec = "1xK80" }).Code);
        Assert.Equal(ErrorCodes.TpuTypeUnknown, Fails(i => i with { TpuSpec = "8xV9" }).Code);
    }

    [Fact]
    public void Every_optional_setting_is_parsed()
    {
        var settings = CloudTestSettings.Parse(i => i with
        {
            Region = "europe-west4",
            DiskType = "PD-Standard",
            DiskSizeGb = "250",
            Timeout = "1h30m",
            SchedulingStrategy = "spot",
            RestartOnWorkerRestart = "True",
            ServiceAccount = "trainer@my-project.iam.gserviceaccount.com",
            Network = "projects/123456789012/global/networks/default",
            OutputDirectory = "gs://my-bucket/runs/1",
            JobName = "mnist",
            SkipValidation = "true",
            Labels = [new("team", "vision")],
            Environment = [new("WANDB_MODE", "offline"), new("A_FIRST", "1"), new("WANDB_MODE", "online")],
        });
        Assert.Equal(new ResolvedSetting("europe-west4", "the property CalibanCloudRegion"), settings.Region);
        Assert.Equal("pd-standard", settings.DiskType);
        Assert.Equal(250, settings.DiskSizeGb);
        Assert.Equal("5400s", settings.Timeout);
        Assert.Equal("SPOT", settings.SchedulingStrategy);
        Assert.True(settings.RestartJobOnWorkerRestart);
        Assert.Equal("trainer@my-project.iam.gserviceaccount.com", settings.ServiceAccount);
        Assert.Equal("projects/123456789012/global/networks/default", settings.Network);
        Assert.Equal("gs://my-bucket/runs/1", settings.OutputDirectory);
        Assert.Equal("mnist", settings.JobName);
        Assert.True(settings.SkipValidation);
        Assert.Equal("vision", settings.Labels["team"]);
        Assert.Equal(["A_FIRST", "WANDB_MODE"], settings.Environment.Keys);
        Assert.Equal("online", settings.Environment["WANDB_MODE"]);
    }

    [Theory]
    [InlineData("ON_DEMAND", "ON_DEMAND")]
    [InlineData("on-demand", "ON_DEMAND")]
    [InlineData("Standard", "STANDARD")]
    [InlineData("low_cost", "LOW_COST")]
    [InlineData("flex_start", "FLEX_START")]
    public void Strategies_are_case_insensitive(string text, string expected) =>
        Assert.Equal(expected, CloudTestSettings.Parse(i => i with { SchedulingStrategy = text }).SchedulingStrategy);

    public static TheoryData<string, Func<VertexJobSettingsInput, VertexJobSettingsInput>, string, string> BadValues => new()
    {
        { "CalibanMachineType", i => i with { MachineType = "n1 standard 8" }, ErrorCodes.MachineTypeInvalid, "n1-standard-8" },
        { "CalibanMachineType", i => i with { MachineType = "standard" }, ErrorCodes.MachineTypeInvalid, "g2-standard-8" },
        { "CalibanDiskType", i => i with { DiskType = "ssd" }, ErrorCodes.DiskTypeInvalid, "pd-standard" },
        { "CalibanDiskSizeGb", i => i with { DiskSizeGb = "100GB" }, ErrorCodes.DiskSizeInvalid, "whole number" },
        { "CalibanDiskSizeGb", i => i with { DiskSizeGb = "0" }, ErrorCodes.DiskSizeInvalid, "whole number" },
        { "CalibanTimeout", i => i with { Timeout = "forever" }, ErrorCodes.DurationInvalid, "90m" },
        { "CalibanSchedulingStrategy", i => i with { SchedulingStrategy = "PREEMPTIBLE" }, ErrorCodes.SchedulingStrategyInvalid, "SPOT" },
        { "CalibanRestartOnWorkerRestart", i => i with { RestartOnWorkerRestart = "yes" }, ErrorCodes.InvalidPropertyValue, "true or false" },
        { "CalibanSkipValidation", i => i with { SkipValidation = "1" }, ErrorCodes.InvalidPropertyValue, "true or false" },
        { "CalibanUseGpu", i => i with { UseGpu = "maybe" }, ErrorCodes.InvalidPropertyValue, "true or false" },
        { "CalibanServiceAccount", i => i with { ServiceAccount = "trainer" }, ErrorCodes.ServiceAccountInvalid, "iam.gserviceaccount.com" },
        { "CalibanServiceAccount", i => i with { ServiceAccount = "a@b" }, ErrorCodes.ServiceAccountInvalid, "email" },
        { "CalibanNetwork", i => i with { Network = "default" }, ErrorCodes.NetworkInvalid, "projects/PROJECT_NUMBER/global/networks/NETWORK" },
        { "CalibanNetwork", i => i with { Network = "projects/my-project/global/networks/default" }, ErrorCodes.NetworkInvalid, "number" },
        { "CalibanOutputDirectory", i => i with { OutputDirectory = "/tmp/out" }, ErrorCodes.OutputDirectoryInvalid, "gs://" },
        { "CalibanOutputDirectory", i => i with { OutputDirectory = "gs://My_Bucket" }, ErrorCodes.OutputDirectoryInvalid, "lower-case" },
        { "CalibanEnv", i => i with { Environment = [new("1BAD", "x")] }, ErrorCodes.EnvironmentVariableInvalid, "letters, digits" },
        { "CalibanEnv", i => i with { Environment = [new("HAS-DASH", "x")] }, ErrorCodes.EnvironmentVariableInvalid, "'HAS-DASH'" },
        { "CalibanLabel", i => i with { Labels = [new("", "x")] }, ErrorCodes.LabelInvalid, "empty key" },
        { "CalibanCloudRegion", i => i with { Region = "us-central1-b" }, ErrorCodes.CloudRegionInvalid, "zones" },
        { "CalibanCloudProject", i => i with { Project = "My Project" }, ErrorCodes.CloudProjectInvalid, "6 to 30" },
        { "CalibanCloudProject", i => i with { Project = null }, ErrorCodes.CloudProjectMissing, "gcloud config set project" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Each_bad_value_names_its_property_and_the_valid_forms(
        string property, Func<VertexJobSettingsInput, VertexJobSettingsInput> change, string code, string hint)
    {
        var error = Fails(change);
        Assert.Equal(code, error.Code);
        Assert.Contains(property, error.Message);
        Assert.Contains(hint, error.Message);
    }

    [Fact]
    public void Job_names_lose_control_characters_and_stay_within_128()
    {
        Assert.Equal("myjob", CloudTestSettings.Parse(i => i with { JobName = " my\tjob\u0007 " }).JobName);
        Assert.Equal("MNIST sweep ü", CloudTestSettings.Parse(i => i with { JobName = "MNIST sweep ü" }).JobName);
        Assert.Equal("myjob", CloudTestSettings.Parse(i => i with { JobName = "my\njob" }).JobName);
        Assert.Equal(128, CloudTestSettings.Parse(i => i with { JobName = new string('n', 300) }).JobName.Length);
        Assert.Equal("caliban-alice", CloudTestSettings.Parse(i => i with { JobName = "\u0001" }).JobName);
        var emoji = CloudTestSettings.Parse(i => i with { JobName = new string('n', 127) + "🚀" }).JobName;
        Assert.Equal(127, emoji.Length); // a surrogate pair is never split
    }

    [Fact]
    public void Project_and_region_come_from_the_given_defaults()
    {
        var defaults = new GoogleCloudDefaults(
            new Dictionary<string, string?> { ["CLOUDSDK_CORE_PROJECT"] = "env-project", ["CLOUDSDK_COMPUTE_REGION"] = "asia-east1" }, null);
        var settings = VertexJobSettings.Parse(new VertexJobSettingsInput { User = "bob" }, defaults);
        Assert.Equal(("env-project", "asia-east1"), (settings.Project.Value, settings.Region.Value));
        Assert.Equal("caliban-bob", settings.JobName);
    }
}
