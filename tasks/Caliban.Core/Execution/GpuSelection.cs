using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;

namespace Caliban.Core.Execution;

/// <summary>The GPU decision against a real engine, with its warning and refusal worded for people.</summary>
public static class GpuSelection
{
    /// <summary>
    /// Asks the engine for the nvidia runtime (unless GPUs are off) and decides; warns CAL3203 when falling back to
    /// the CPU and throws CAL3202 when GPUs are required but missing. <paramref name="whatRuns"/> names what runs
    /// ("the jobs", "the shell") in the messages.
    /// </summary>
    public static async Task<GpuPlan> DecideAsync(ContainerEngine engine, GpuMode mode, string whatRuns, ICalibanLog log, CancellationToken ct)
    {
        var plan = mode == GpuMode.Off
            ? GpuPlan.Cpu
            : GpuDecision.Decide(mode, await engine.HasRuntimeAsync("nvidia", ct).ConfigureAwait(false));
        if (plan == GpuPlan.Refused)
        {
            throw new CalibanException(ErrorCodes.GpuRuntimeMissing,
                $"CalibanUseGpu=true asks for GPUs, but the Docker engine at {engine.Endpoint.Uri} has no nvidia runtime. " +
                "Install the NVIDIA Container Toolkit and register it (`sudo nvidia-ctk runtime configure --runtime=docker`, then restart the engine), " +
                "or set CalibanUseGpu=false to run on the CPU.");
        }

        if (plan == GpuPlan.CpuFallback)
        {
            log.Warning(ErrorCodes.GpuFallbackToCpu,
                $"The Docker engine at {engine.Endpoint.Uri} has no nvidia runtime, so {whatRuns} run on the CPU. " +
                "Set CalibanUseGpu=false to run on the CPU without this warning, or install the NVIDIA Container Toolkit to use GPUs.");
        }

        return plan;
    }
}
