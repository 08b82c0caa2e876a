namespace Caliban.Core.Experiments;

/// <summary>One validated dict of an experiment config: its keys in file order, each an axis of the cartesian product.</summary>
internal sealed record Sweep(IReadOnlyList<SweepAxis> Axes);

/// <summary>
/// One key of a sweep. A plain key has one name and one value per option; a compound key `[a,b]` has N names and
/// an N-tuple per option. No options means the sweep yields no jobs.
/// </summary>
internal sealed record SweepAxis(IReadOnlyList<string> Names, bool IsCompound, IReadOnlyList<ExperimentValue[]> Options);
