namespace Caliban.Core.Experiments;

/// <summary>One key of an expanded experiment with its value as typed in the config (false values included).</summary>
public sealed record ExperimentSetting(string Key, ExperimentValue Value);
