namespace Caliban.Core.Execution;

/// <summary>What a run does about GPUs, decided once before any job starts.</summary>
public enum GpuPlan
{
    /// <summary>Run on the CPU, as asked.</summary>
    Cpu,

    /// <summary>Attach every GPU to every job.</summary>
    AllGpus,

    /// <summary>GPUs were welcome but the engine has none to give: run on the CPU and warn once.</summary>
    CpuFallback,

    /// <summary>GPUs were required but the engine has none to give: refuse before starting anything.</summary>
    Refused,
}

/// <summary>The GPU decision as a pure function of the wish and the engine's runtimes.</summary>
public static class GpuDecision
{
    public static GpuPlan Decide(GpuMode mode, bool engineHasNvidiaRuntime) => mode switch
    {
        GpuMode.Off => GpuPlan.Cpu,
        GpuMode.Auto => engineHasNvidiaRuntime ? GpuPlan.AllGpus : GpuPlan.CpuFallback,
        GpuMode.Required => engineHasNvidiaRuntime ? GpuPlan.AllGpus : GpuPlan.Refused,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown GPU mode."),
    };
}
