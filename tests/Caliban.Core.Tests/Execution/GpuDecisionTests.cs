using Caliban.Core.Execution;

namespace Caliban.Core.Tests.Execution;

public sealed class GpuDecisionTests
{
    [Theory]
    [InlineData(GpuMode.Auto, true, GpuPlan.AllGpus)]
    [InlineData(GpuMode.Auto, false, GpuPlan.CpuFallback)]
    [InlineData(GpuMode.Required, true, GpuPlan.AllGpus)]
    [InlineData(GpuMode.Required, false, GpuPlan.Refused)]
    [InlineData(GpuMode.Off, true, GpuPlan.Cpu)]
    [InlineData(GpuMode.Off, false, GpuPlan.Cpu)]
    public void Decides_from_the_wish_and_the_engines_runtimes(GpuMode mode, bool nvidiaRuntime, GpuPlan expected)
    {
        Assert.Equal(expected, GpuDecision.Decide(mode, nvidiaRuntime));
    }

    [Fact]
    public void Auto_is_the_default_of_a_request()
    {
        Assert.Equal(GpuMode.Auto, new LocalRunRequest { Image = "i", Jobs = [], LogDirectory = "logs" }.Gpu);
    }
}
