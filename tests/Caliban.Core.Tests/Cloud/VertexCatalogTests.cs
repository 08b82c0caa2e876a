using Caliban.Core.Cloud;

namespace Caliban.Core.Tests.Cloud;

public sealed class VertexCatalogTests
{
    private static readonly VertexCatalog Catalog = VertexCatalog.Default;

    [Fact]
    public void The_embedded_catalog_loads_once()
    {
        Assert.Same(VertexCatalog.Default, VertexCatalog.Default);
        Assert.Contains("us-central1", Catalog.Regions);
        Assert.Equal((100, 64000), (Catalog.MinBootDiskSizeGb, Catalog.MaxBootDiskSizeGb));
    }

    [Fact]
    public void Machine_type_names_are_unique_and_well_formed()
    {
        var names = Catalog.MachineTypes.Select(m => m.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, name => Assert.Matches("^[a-z][a-z0-9]*(-[a-z0-9]+)+$", name));
        foreach (var expected in new[] { "n1-standard-8", "n1-highcpu-32", "a2-megagpu-16g", "a3-ultragpu-8g", "a4-highgpu-8g", "g2-standard-96", "e2-standard-4", "n2-highmem-80", "cloud-tpu", "ct5lp-hightpu-4t" })
            Assert.Contains(expected, names);
    }

    [Fact]
    public void Every_gpu_and_tpu_type_caliban_knows_has_machines_and_regions()
    {
        var accelerators = GpuType.All.Select(g => g.VertexAcceleratorType).Concat(TpuType.All.Select(t => t.VertexAcceleratorType));
        Assert.All(accelerators, accelerator =>
        {
            Assert.NotEmpty(Catalog.MachineTypesCarrying(accelerator));
            Assert.NotEmpty(Catalog.RegionsOffering(accelerator)!);
        });
    }

    [Fact]
    public void Accelerator_regions_are_known_regions_and_counts_are_positive()
    {
        var accelerators = Catalog.MachineTypes.SelectMany(m => m.Accelerators.Keys).Distinct();
        Assert.All(accelerators, accelerator => Assert.All(Catalog.RegionsOffering(accelerator)!, region => Assert.Contains(region, Catalog.Regions)));
        Assert.All(Catalog.MachineTypes, m => Assert.All(m.Accelerators.Values, counts => Assert.All(counts, c => Assert.True(c > 0))));
    }

    [Theory]
    [InlineData("a2-highgpu-4g", "NVIDIA_TESLA_A100", 4)]
    [InlineData("a2-ultragpu-8g", "NVIDIA_A100_80GB", 8)]
    [InlineData("g2-standard-48", "NVIDIA_L4", 4)]
    [InlineData("a4-highgpu-8g", "NVIDIA_B200", 8)]
    public void A_and_g_series_count_is_fixed_by_the_name(string machineType, string accelerator, int count)
    {
        var type = Catalog.FindMachineType(machineType)!;
        Assert.True(type.AcceleratorRequired);
        Assert.Equal((accelerator, count), type.BuiltIn);
    }

    [Fact]
    public void N1_counts_follow_the_table()
    {
        Assert.Equal([1, 2, 4], Catalog.FindMachineType("n1-standard-4")!.Accelerators["NVIDIA_TESLA_T4"]);
        Assert.Equal([1, 2, 4, 8], Catalog.FindMachineType("n1-standard-8")!.Accelerators["NVIDIA_TESLA_V100"]);
        Assert.Equal([2, 4, 8], Catalog.FindMachineType("n1-standard-16")!.Accelerators["NVIDIA_TESLA_V100"]);
        Assert.False(Catalog.FindMachineType("n1-standard-96")!.Accelerators.ContainsKey("NVIDIA_TESLA_P100"));
        Assert.Null(Catalog.FindMachineType("n1-standard-8")!.BuiltIn);
    }

    [Fact]
    public void A_catalog_file_with_unknown_fields_is_rejected() =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => VertexCatalog.FromJson(
            """{"about":[],"bootDiskSizeGb":{"min":1,"max":2},"regions":[],"machineTypes":[],"acceleratorRegions":{},"typo":1}"""));

    [Fact]
    public void A_catalog_can_be_read_from_other_json()
    {
        var catalog = VertexCatalog.FromJson(
            """{"about":[],"bootDiskSizeGb":{"min":10,"max":20},"regions":["xx-north1"],"machineTypes":[{"names":["z1-big-1"],"accelerators":{"NVIDIA_L4":[3]}}],"acceleratorRegions":{"NVIDIA_L4":["xx-north1"]}}""");
        Assert.Equal(["xx-north1"], catalog.Regions);
        Assert.Equal([3], catalog.FindMachineType("z1-big-1")!.Accelerators["NVIDIA_L4"]);
        Assert.False(catalog.FindMachineType("z1-big-1")!.AcceleratorRequired);
        Assert.Null(catalog.RegionsOffering("NVIDIA_B200"));
    }
}
