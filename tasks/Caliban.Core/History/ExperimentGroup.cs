namespace Caliban.Core.History;

/// <summary>A named set of experiments (Caliban's <c>--xgroup</c>), owned by one user.</summary>
public sealed record ExperimentGroup(long Id, string Name, string User, DateTime Created);
