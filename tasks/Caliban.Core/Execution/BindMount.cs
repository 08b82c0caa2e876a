namespace Caliban.Core.Execution;

/// <summary>A host file or directory made visible inside a job's container.</summary>
/// <param name="Source">Absolute host path; it must exist (the engine refuses missing sources instead of creating them).</param>
/// <param name="Target">Absolute path inside the container.</param>
public sealed record BindMount(string Source, string Target, bool ReadOnly);
