namespace Caliban.Core.Experiments;

/// <summary>One flag of an experiment: `--Key Value`, or the bare `--Key` when <see cref="Value"/> is null.</summary>
public sealed record ExperimentFlag(string Key, string? Value);
