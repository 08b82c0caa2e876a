using Caliban.Core.Diagnostics;

namespace Caliban.Core.Experiments;

/// <summary>
/// Expands sweeps into experiments: the cartesian product of each sweep's axes with the FIRST key varying slowest
/// (as Caliban's documentation shows), keys in file order, sweeps concatenated in order.
/// </summary>
internal static class SweepExpander
{
    /// <summary>More jobs than this is surely a mistake, and would exhaust memory long before it ran.</summary>
    public const int MaxJobs = 1_000_000;

    public static IReadOnlyList<Experiment> Expand(IReadOnlyList<Sweep> sweeps, string sourceName, string? file)
    {
        long total = 0;
        foreach (var sweep in sweeps)
        {
            total += JobCount(sweep);
            if (total > MaxJobs)
            {
                throw new CalibanException(ErrorCodes.ExperimentConfigTooLarge,
                    $"Experiment config {sourceName} expands to more than {MaxJobs:N0} jobs. Sweep fewer values at once, " +
                    "or split the config into several files and run them one after another.", file);
            }
        }

        var experiments = new List<Experiment>((int)total);
        foreach (var sweep in sweeps) ExpandSweep(sweep, experiments);
        return experiments;
    }

    private static long JobCount(Sweep sweep)
    {
        long count = 1;
        foreach (var axis in sweep.Axes)
        {
            // Saturate: only "above the limit" matters, and the true product can overflow a long.
            count = Math.Min(count * axis.Options.Count, MaxJobs + 1L);
        }

        return count;
    }

    private static void ExpandSweep(Sweep sweep, List<Experiment> into)
    {
        var axes = sweep.Axes;
        if (axes.Any(axis => axis.Options.Count == 0)) return;

        var slots = Slots(axes);
        // Each flag is rendered once per option, not once per job: large sweeps share them.
        var rendered = slots
            .Select(slot => axes[slot.Axis].Options.Select(option => Render(slot.Name, option[slot.Position])).ToArray())
            .ToArray();

        var choice = new int[axes.Count];
        while (true)
        {
            var settings = new ExperimentSetting[slots.Count];
            var flags = new List<ExperimentFlag>(slots.Count);
            for (var s = 0; s < slots.Count; s++)
            {
                var (setting, flag) = rendered[s][choice[slots[s].Axis]];
                settings[s] = setting;
                if (flag is not null) flags.Add(flag);
            }

            into.Add(new Experiment(flags, settings));

            var axis = axes.Count - 1;
            while (axis >= 0 && ++choice[axis] == axes[axis].Options.Count)
            {
                choice[axis] = 0;
                axis--;
            }

            if (axis < 0) return;
        }
    }

    /// <summary>
    /// The output keys in order of first appearance, each tied to the axis and tuple position it takes its value from.
    /// A compound key's value wins over a plain key of the same name; otherwise the later one wins (as in Caliban).
    /// </summary>
    private static List<(string Name, int Axis, int Position, bool FromCompound)> Slots(IReadOnlyList<SweepAxis> axes)
    {
        var slots = new List<(string Name, int Axis, int Position, bool FromCompound)>();
        var slotOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var axis = 0; axis < axes.Count; axis++)
        {
            for (var position = 0; position < axes[axis].Names.Count; position++)
            {
                var name = axes[axis].Names[position];
                var slot = (name, axis, position, axes[axis].IsCompound);
                if (!slotOf.TryGetValue(name, out var existing))
                {
                    slotOf.Add(name, slots.Count);
                    slots.Add(slot);
                }
                else if (axes[axis].IsCompound || !slots[existing].FromCompound)
                {
                    slots[existing] = slot;
                }
            }
        }

        return slots;
    }

    private static (ExperimentSetting Setting, ExperimentFlag? Flag) Render(string key, ExperimentValue value)
    {
        var flag = value switch
        {
            ExperimentValue.Boolean { Value: true } => new ExperimentFlag(key, null),
            ExperimentValue.Boolean => null,
            _ => new ExperimentFlag(key, value.ToPythonString()),
        };
        return (new ExperimentSetting(key, value), flag);
    }
}
