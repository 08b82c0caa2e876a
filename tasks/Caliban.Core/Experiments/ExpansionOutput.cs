using System.Text;

namespace Caliban.Core.Experiments;

/// <summary>
/// The output formats of Caliban's `expansion` tool, byte for byte as it printed them (trailing newline included):
/// the expanded dicts as JSON (Python's json.dumps: ASCII-only, `", "`/`": "` separators) or one argument line per job.
/// </summary>
public static class ExpansionOutput
{
    /// <summary>`expansion CONFIG`: all experiments as one line of JSON, false values included.</summary>
    public static string Json(IReadOnlyList<Experiment> experiments) => Render(experiments, indent: null);

    /// <summary>`expansion --pprint CONFIG`: the same JSON indented by 2.</summary>
    public static string PrettyJson(IReadOnlyList<Experiment> experiments) => Render(experiments, indent: 2);

    /// <summary>`expansion --print_flags CONFIG`: each experiment's arguments joined by spaces, one line per job.</summary>
    public static string Flags(IReadOnlyList<Experiment> experiments)
    {
        var output = new StringBuilder();
        foreach (var experiment in experiments) output.AppendJoin(' ', experiment.ToArguments()).Append('\n');
        return output.ToString();
    }

    private static string Render(IReadOnlyList<Experiment> experiments, int? indent)
    {
        var writer = new PythonJsonWriter(indent);
        writer.WriteList(experiments, (experiment, depth) => writer.WriteObject(experiment.Settings, depth));
        return writer.ToString() + "\n";
    }
}
