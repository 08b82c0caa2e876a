using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Experiments;

/// <summary>Shorthands for expanding a config and looking at its jobs' arguments.</summary>
internal static class ExperimentArguments
{
    public const string Source = "sweep.json";

    public static string[][] Of(string json) =>
        ExperimentConfig.Parse(json, Source).Select(experiment => experiment.ToArguments().ToArray()).ToArray();

    /// <summary>Each job's arguments joined by single spaces, like `expansion --print_flags`.</summary>
    public static string[] Lines(string json) => Of(json).Select(arguments => string.Join(' ', arguments)).ToArray();
}
