namespace Caliban.Core.Experiments;

/// <summary>Turns experiment items and an expanded experiment config into the list of jobs to run.</summary>
public static class JobPlanner
{
    /// <summary>The name of the single job planned when there are no experiments at all.</summary>
    public const string DefaultJobName = "default";

    /// <summary>
    /// Jobs from <paramref name="itemExperiments"/> first (in order, named after the item), then from
    /// <paramref name="configExperiments"/> (named by <see cref="Experiment.Describe"/>, or `job-INDEX` when it has no
    /// flags). Names are made unique with `#2`, `#3`…; every job's arguments are <paramref name="prefixArguments"/>
    /// (Caliban's `-- args`) followed by the experiment's own.
    /// With no items and no config (<paramref name="configExperiments"/> null) there is ONE job, `default`, with just the
    /// prefix: `caliban run module` without a config. A config that expands to zero jobs plans zero jobs from it (so
    /// possibly none at all); the caller should warn about that.
    /// </summary>
    public static IReadOnlyList<PlannedJob> Plan(
        IReadOnlyList<string> prefixArguments,
        IReadOnlyList<(string Name, IReadOnlyList<string> Arguments)> itemExperiments,
        IReadOnlyList<Experiment>? configExperiments)
    {
        if (itemExperiments.Count == 0 && configExperiments is null)
        {
            return [new PlannedJob(0, DefaultJobName, prefixArguments.ToArray())];
        }

        var jobs = new List<PlannedJob>(itemExperiments.Count + (configExperiments?.Count ?? 0));
        var names = new UniqueNames();
        foreach (var (name, arguments) in itemExperiments)
        {
            var all = WithPrefix(prefixArguments, arguments.Count);
            for (var i = 0; i < arguments.Count; i++) all[prefixArguments.Count + i] = arguments[i];
            jobs.Add(new PlannedJob(jobs.Count, names.Claim(name, jobs.Count), all));
        }

        foreach (var experiment in configExperiments ?? [])
        {
            var all = WithPrefix(prefixArguments, experiment.ArgumentCount);
            experiment.CopyArguments(all, prefixArguments.Count);
            jobs.Add(new PlannedJob(jobs.Count, names.Claim(experiment.Describe(), jobs.Count), all));
        }

        return jobs;
    }

    private static string[] WithPrefix(IReadOnlyList<string> prefix, int ownCount)
    {
        var arguments = new string[prefix.Count + ownCount];
        for (var i = 0; i < prefix.Count; i++) arguments[i] = prefix[i];
        return arguments;
    }

    /// <summary>Hands out each name once; a repeat gets the first free `#2`, `#3`… suffix.</summary>
    private sealed class UniqueNames
    {
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _nextSuffix = new(StringComparer.Ordinal);

        /// <summary>Claims <paramref name="name"/>, or `job-INDEX` when it is blank.</summary>
        public string Claim(string name, int index)
        {
            if (string.IsNullOrWhiteSpace(name)) name = $"job-{index}";
            if (_taken.Add(name)) return name;
            var suffix = _nextSuffix.GetValueOrDefault(name, 2);
            while (!_taken.Add($"{name}#{suffix}")) suffix++;
            _nextSuffix[name] = suffix + 1;
            return $"{name}#{suffix}";
        }
    }
}
