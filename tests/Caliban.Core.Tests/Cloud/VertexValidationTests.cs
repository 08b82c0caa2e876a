using Caliban.Core.Cloud;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Cloud;

public sealed class VertexValidationTests
{
    private static void Valid(Func<VertexJobSettingsInput, VertexJobSettingsInput> change) =>
        VertexValidation.Validate(CloudTestSettings.Parse(change));

    private static CalibanException Invalid(Func<VertexJobSettingsInput, VertexJobSettingsInput> change) =>
        Assert.Throws<CalibanException>(() => VertexValidation.Validate(CloudTestSettings.Parse(change)));

    [Fact]
    public void Calibans_defaults_pass() => Valid(i => i);

    [Theory]
    [InlineData("us-central1", "n1-standard-4", "1xT4")]
    [InlineData("europe-west4", "n1-standard-8", "8xV100")]
    [InlineData("us-east4", "a2-ultragpu-1g", "1xA100_80GB")]
    [InlineData("us-central1", "a3-highgpu-8g", "8xH100")]
    [InlineData("asia-southeast1", "g2-standard-8", "1xL4")]
    [InlineData("us-central1", "a4-highgpu-8g", "8xB200")]
    public void Offered_combinations_pass(string region, string machineType, string gpu) =>
        Valid(i => i with { Region = region, MachineType = machineType, GpuSpec = gpu });

    [Theory]
    [InlineData("8xV3")]
    [InlineData("4xV5E")]
    public void Offered_tpus_pass(string tpu) => Valid(i => i with { TpuSpec = tpu, Region = "europe-west4" });

    [Fact]
    public void Cpu_machine_types_pass_in_cpu_mode() => Valid(i => i with { UseGpu = "false", MachineType = "e2-standard-4" });

    [Fact]
    public void An_unknown_region_lists_the_known_ones()
    {
        var error = Invalid(i => i with { Region = "mars-north1" });
        Assert.Equal(ErrorCodes.RegionUnknown, error.Code);
        Assert.Contains("'mars-north1'", error.Message);
        Assert.Contains("the property CalibanCloudRegion", error.Message);
        Assert.Contains("europe-west4", error.Message);
        Assert.Contains("CalibanSkipValidation=true", error.Message);
    }

    [Fact]
    public void An_unknown_machine_type_lists_the_known_ones()
    {
        var error = Invalid(i => i with { MachineType = "n1-standard-3" });
        Assert.Equal(ErrorCodes.MachineTypeUnknown, error.Code);
        Assert.Contains("CalibanMachineType 'n1-standard-3'", error.Message);
        Assert.Contains("n1-standard-4", error.Message);
    }

    [Fact]
    public void A_count_the_machine_type_does_not_carry_lists_what_it_carries_and_where_the_gpu_runs()
    {
        var error = Invalid(i => i with { MachineType = "n1-standard-4", GpuSpec = "8xT4" });
        Assert.Equal(ErrorCodes.AcceleratorNotOnMachineType, error.Code);
        Assert.Contains("cannot carry 8 T4", error.Message);
        Assert.Contains("1, 2 or 4 T4", error.Message);
        Assert.Contains("n1-standard-64 (4)", error.Message);
        Assert.Contains("CalibanGpuSpec", error.Message);
    }

    [Fact]
    public void A_gpu_on_a_machine_type_built_for_another_is_an_error()
    {
        var error = Invalid(i => i with { MachineType = "a2-highgpu-1g", GpuSpec = "1xT4" });
        Assert.Equal(ErrorCodes.AcceleratorNotOnMachineType, error.Code);
        Assert.Contains("'a2-highgpu-1g' carries 1 A100", error.Message);
    }

    [Fact]
    public void A_fixed_count_must_match_the_machine_type_name()
    {
        var error = Invalid(i => i with { MachineType = "g2-standard-24", GpuSpec = "1xL4" });
        Assert.Equal(ErrorCodes.AcceleratorNotOnMachineType, error.Code);
        Assert.Contains("g2-standard-24 (2)", error.Message);
    }

    [Fact]
    public void A_gpu_on_a_cpu_machine_type_says_it_carries_none()
    {
        var error = Invalid(i => i with { MachineType = "e2-standard-4", GpuSpec = "1xT4" });
        Assert.Contains("'e2-standard-4' carries no accelerators", error.Message);
    }

    [Fact]
    public void The_default_p100_is_checked_against_the_machine_type_and_says_it_is_the_default()
    {
        var error = Invalid(i => i with { MachineType = "n1-standard-96" });
        Assert.Equal(ErrorCodes.AcceleratorNotOnMachineType, error.Code);
        Assert.Contains("Caliban's default when CalibanGpuSpec is empty", error.Message);
    }

    [Fact]
    public void The_default_p100_is_not_checked_against_the_region_as_in_caliban() =>
        Valid(i => i with { Region = "europe-west2" });

    [Fact]
    public void A_gpu_not_offered_in_the_region_lists_where_it_is_and_what_the_region_has()
    {
        var error = Invalid(i => i with { Region = "europe-west2", MachineType = "n1-standard-8", GpuSpec = "1xV100" });
        Assert.Equal(ErrorCodes.AcceleratorNotInRegion, error.Code);
        Assert.Contains("V100 is not offered for training in europe-west2", error.Message);
        Assert.Contains("us-central1", error.Message);
        Assert.Contains("europe-west2 offers", error.Message);
        Assert.Contains("T4", error.Message);
        Assert.Contains("CalibanCloudRegion", error.Message);
    }

    [Fact]
    public void A_tpu_not_offered_in_the_region_is_an_error()
    {
        var error = Invalid(i => i with { Region = "asia-east1", TpuSpec = "8xV3" });
        Assert.Equal(ErrorCodes.AcceleratorNotInRegion, error.Code);
        Assert.Contains("TPU V3", error.Message);
    }

    [Fact]
    public void A_tpu_count_cloud_tpu_does_not_carry_is_an_error()
    {
        var error = Invalid(i => i with { TpuSpec = "32xV3" });
        Assert.Equal(ErrorCodes.AcceleratorNotOnMachineType, error.Code);
        Assert.Contains("CalibanTpuSpec", error.Message);
    }

    [Fact]
    public void A_gpu_machine_type_in_cpu_mode_needs_its_accelerator()
    {
        var error = Invalid(i => i with { UseGpu = "false", MachineType = "a2-highgpu-1g" });
        Assert.Equal(ErrorCodes.MachineTypeNeedsAccelerator, error.Code);
        Assert.Contains("comes with 1 A100", error.Message);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("64001")]
    public void Disk_sizes_outside_the_range_are_errors(string size)
    {
        var error = Invalid(i => i with { DiskSizeGb = size });
        Assert.Equal(ErrorCodes.DiskSizeOutOfRange, error.Code);
        Assert.Contains("100 to 64000", error.Message);
    }

    [Fact]
    public void Skip_validation_lets_anything_through()
    {
        var settings = CloudTestSettings.Parse(i => i with
        {
            SkipValidation = "true", Region = "mars-north1", MachineType = "z9-future-1", GpuSpec = "3xB200", DiskSizeGb = "5",
        });
        VertexValidation.Validate(settings);
        Assert.Equal(("z9-future-1", "NVIDIA_B200", 3), (settings.Machine.MachineType, settings.Machine.AcceleratorType, settings.Machine.AcceleratorCount));
    }

    [Fact]
    public void Another_catalog_can_be_given()
    {
        var catalog = VertexCatalog.FromJson(
            """{"about":[],"bootDiskSizeGb":{"min":10,"max":20},"regions":["us-central1"],"machineTypes":[{"names":["n1-standard-8"],"accelerators":{"NVIDIA_TESLA_P100":[1]}}],"acceleratorRegions":{}}""");
        VertexValidation.Validate(CloudTestSettings.Parse(i => i with { DiskSizeGb = "15" }), catalog);
        Assert.Throws<CalibanException>(() => VertexValidation.Validate(CloudTestSettings.Parse(i => i with { DiskSizeGb = "100" }), catalog));
    }
}
