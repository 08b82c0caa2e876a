namespace Caliban.Core.Execution;

/// <summary>Whether local jobs get the machine's GPUs (CalibanUseGpu: auto, true, false).</summary>
public enum GpuMode
{
    /// <summary>All GPUs when the engine has the nvidia runtime, else the CPU with one warning.</summary>
    Auto,

    /// <summary>All GPUs; refuse to run when the engine has no nvidia runtime.</summary>
    Required,

    /// <summary>Never attach GPUs.</summary>
    Off,
}
