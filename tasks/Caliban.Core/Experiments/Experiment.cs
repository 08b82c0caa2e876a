using System.Text;

namespace Caliban.Core.Experiments;

/// <summary>One job's worth of flags from an experiment config, in the config's key order.</summary>
public sealed record Experiment(IReadOnlyList<ExperimentFlag> Flags)
{
    private readonly IReadOnlyList<ExperimentSetting>? _settings;

    internal Experiment(IReadOnlyList<ExperimentFlag> flags, IReadOnlyList<ExperimentSetting> settings)
        : this(flags)
    {
        _settings = settings;
    }

    /// <summary>
    /// The typed values the flags came from, false ones included (what Caliban's `expansion` tool prints). An experiment
    /// built from flags alone reports a bare flag as true and any other flag as its string value.
    /// </summary>
    public IReadOnlyList<ExperimentSetting> Settings => _settings ?? Flags
        .Select(flag => new ExperimentSetting(flag.Key, flag.Value is null ? new ExperimentValue.Boolean(true) : new ExperimentValue.Text(flag.Value)))
        .ToArray();

    /// <summary>The program arguments: `--key value` per flag, `--key` alone for a bare flag.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var arguments = new string[ArgumentCount];
        CopyArguments(arguments, 0);
        return arguments;
    }

    /// <summary>A short readable name such as `learning_rate=0.01 seed=0` (a bare flag is just its key); "" without flags.</summary>
    public string Describe()
    {
        var name = new StringBuilder();
        for (var i = 0; i < Flags.Count; i++)
        {
            var flag = Flags[i];
            if (i > 0) name.Append(' ');
            name.Append(flag.Key);
            if (flag.Value is not null) name.Append('=').Append(flag.Value);
        }

        return name.ToString();
    }

    /// <summary>Experiments are equal when their flags and typed values are, in order.</summary>
    public bool Equals(Experiment? other) =>
        other is not null && Flags.SequenceEqual(other.Flags) && Settings.SequenceEqual(other.Settings);

    public override int GetHashCode() => Flags.Aggregate(Flags.Count, (hash, flag) => HashCode.Combine(hash, flag));

    public override string ToString() => $"Experiment {{ {Describe()} }}";

    internal int ArgumentCount
    {
        get
        {
            var count = Flags.Count;
            foreach (var flag in Flags)
            {
                if (flag.Value is not null) count++;
            }

            return count;
        }
    }

    /// <summary>Writes <see cref="ToArguments"/> into <paramref name="destination"/> from <paramref name="offset"/> on.</summary>
    internal void CopyArguments(string[] destination, int offset)
    {
        foreach (var flag in Flags)
        {
            destination[offset++] = "--" + flag.Key;
            if (flag.Value is not null) destination[offset++] = flag.Value;
        }
    }
}
