using Caliban.Core.Diagnostics;
using Caliban.Core.Images;

namespace Caliban.Core.Tests.Images;

public class BaseImageResolverTests
{
    private const string DefaultCpu = "caliban-local/python:bookworm";
    private const string DefaultGpu = "nvidia/cuda:12.2.0-runtime-ubuntu22.04";

    private static string Resolve(string? explicitImage, string? configImage, JobMode mode) =>
        BaseImageResolver.Resolve(explicitImage, configImage, DefaultCpu, DefaultGpu, mode);

    [Fact]
    public void ExplicitPropertyWinsOverConfigAndDefault()
    {
        Assert.Equal("python:3.12", Resolve("python:3.12", "python:3.11", JobMode.Cpu));
    }

    [Fact]
    public void ConfigWinsOverDefault()
    {
        Assert.Equal("python:3.11", Resolve("  ", "python:3.11", JobMode.Gpu));
    }

    [Theory]
    [InlineData(JobMode.Cpu, DefaultCpu)]
    [InlineData(JobMode.Gpu, DefaultGpu)]
    public void DefaultDependsOnMode(JobMode mode, string expected)
    {
        Assert.Equal(expected, Resolve(null, null, mode));
    }

    [Theory]
    [InlineData(JobMode.Cpu, "registry.local:5000/team/base:cpu-py311")]
    [InlineData(JobMode.Gpu, "registry.local:5000/team/base:gpu-py311")]
    public void BracesBecomeTheMode(JobMode mode, string expected)
    {
        Assert.Equal(expected, Resolve(null, "registry.local:5000/team/base:{}-py311", mode));
    }

    [Theory]
    [InlineData("dlvm:pytorch-{}-1.4", JobMode.Gpu, "gcr.io/deeplearning-platform-release/pytorch-gpu.1-4")]
    [InlineData("dlvm:pytorch-{}", JobMode.Cpu, "gcr.io/deeplearning-platform-release/pytorch-cpu")]
    [InlineData("dlvm:tf-cpu-1.15", JobMode.Gpu, "gcr.io/deeplearning-platform-release/tf-cpu.1-15")]
    [InlineData("dlvm:tf2-gpu-2.2", JobMode.Gpu, "gcr.io/deeplearning-platform-release/tf2-gpu.2-2")]
    [InlineData("dlvm:tf-{}-1.0", JobMode.Cpu, "gcr.io/deeplearning-platform-release/tf-cpu.1-0")]
    public void DlvmAliasesExpandAsCaliban(string alias, JobMode mode, string expected)
    {
        Assert.Equal(expected, Resolve(null, alias, mode));
    }

    [Fact]
    public void DlvmAliasTableHasCalibansThirtyFourEntries()
    {
        Assert.Equal(2 * (6 + 5 + 4), DlvmImages.Aliases.Count);
        Assert.DoesNotContain("dlvm:pytorch-gpu-1.5", DlvmImages.Aliases.Keys);
    }

    [Fact]
    public void UnknownDlvmAliasFromConfigIsInvalidValueListingAliases()
    {
        var error = Assert.Throws<CalibanException>(() =>
            BaseImageResolver.Resolve(null, "dlvm:pytorch-{}-2.0", DefaultCpu, DefaultGpu, JobMode.Gpu, "/repo/.calibanconfig.json"));

        Assert.Equal(ErrorCodes.CalibanConfigInvalidValue, error.Code);
        Assert.Equal("/repo/.calibanconfig.json", error.File);
        Assert.Contains("\"dlvm:pytorch-gpu-2.0\" (set by \"base_image\" in /repo/.calibanconfig.json)", error.Message);
        Assert.Contains("dlvm:pytorch-cpu|gpu[-1.0|1.1|1.2|1.3|1.4], dlvm:tf-cpu|gpu[-1.0|1.13|1.14|1.15], dlvm:tf2-cpu|gpu[-2.0|2.1|2.2]", error.Message);
    }

    [Fact]
    public void UnknownDlvmAliasFromPropertyNamesTheProperty()
    {
        var error = Assert.Throws<CalibanException>(() => Resolve("dlvm:jax-gpu", null, JobMode.Gpu));

        Assert.Equal(ErrorCodes.BaseImageInvalid, error.Code);
        Assert.Contains("CalibanBaseImage", error.Message);
        Assert.Null(error.File);
    }

    [Theory]
    [InlineData("Python:3.11")]
    [InlineData("python:3.11\nRUN rm -rf /")]
    [InlineData("python 3.11")]
    [InlineData("python:")]
    [InlineData("python@sha256:abc")]
    [InlineData("-python")]
    public void InvalidReferencesFromThePropertyNameIt(string image)
    {
        var error = Assert.Throws<CalibanException>(() => Resolve(image, null, JobMode.Cpu));

        Assert.Equal(ErrorCodes.BaseImageInvalid, error.Code);
        Assert.Contains("(set by the CalibanBaseImage property)", error.Message);
    }

    [Fact]
    public void InvalidReferenceFromConfigNamesTheFile()
    {
        var error = Assert.Throws<CalibanException>(() =>
            BaseImageResolver.Resolve(null, "Bad Image", DefaultCpu, DefaultGpu, JobMode.Cpu, "/repo/.calibanconfig.json"));

        Assert.Equal(ErrorCodes.BaseImageInvalid, error.Code);
        Assert.Equal("/repo/.calibanconfig.json", error.File);
        Assert.Contains("(set by \"base_image\" in /repo/.calibanconfig.json)", error.Message);
    }

    [Theory]
    [InlineData("scratch")]
    [InlineData("ubuntu")]
    [InlineData("localhost:5000/my_org/my-image__x:v1.2_3")]
    [InlineData("gcr.io/blueshift-playground/blueshift:gpu-ubuntu1804-py37-cuda101")]
    [InlineData("python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("python:3.11-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void ValidReferencesPass(string image)
    {
        Assert.Equal(image, Resolve(image, null, JobMode.Cpu));
    }
}
