using System.Text.RegularExpressions;

namespace Caliban.Emulators.Vertex;

/// <summary>
/// The list filter the emulator understands: terms <c>labels.KEY="V"</c>, <c>display_name="V"</c>,
/// <c>state="JOB_STATE_…"</c> with <c>=</c> or <c>!=</c>, joined by AND. Anything else is refused (400), so a client
/// relying on more than this finds out here rather than in production.
/// </summary>
internal sealed partial class JobFilter
{
    private readonly List<(string Field, bool Negated, string Value)> terms = [];

    public static JobFilter Parse(string? text)
    {
        var filter = new JobFilter();
        if (string.IsNullOrWhiteSpace(text))
            return filter;
        var position = 0;
        while (true)
        {
            var term = Term().Match(text, position);
            if (!term.Success)
                throw Invalid(text);
            var value = term.Groups["quoted"].Success ? Regex.Unescape(term.Groups["quoted"].Value) : term.Groups["bare"].Value;
            var field = term.Groups["field"].Value;
            filter.terms.Add((field == "displayName" ? "display_name" : field, term.Groups["op"].Value == "!=", value));
            position = term.Index + term.Length;
            if (position == text.Length)
                return filter;
            var and = And().Match(text, position);
            if (!and.Success)
                throw Invalid(text);
            position = and.Index + and.Length;
        }
    }

    public bool Matches(EmulatedJob job, string state) => terms.All(term =>
    {
        var actual = term.Field switch
        {
            "display_name" => job.DisplayName,
            "state" => state,
            _ => job.Label(term.Field["labels.".Length..]),
        };
        return (actual == term.Value) != term.Negated;
    });

    private static GoogleError Invalid(string text) => GoogleError.InvalidArgument(
        $"Invalid filter: \"{text}\". Supported terms are labels.KEY=\"VALUE\", display_name=\"VALUE\" and state=\"JOB_STATE_...\" (with = or !=), joined by AND.");

    [GeneratedRegex("""\G\s*(?<field>labels\.[a-z][a-z0-9_-]*|display_name|displayName|state)\s*(?<op>!=|=)\s*(?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<bare>[A-Za-z0-9_-]+))\s*""")]
    private static partial Regex Term();

    [GeneratedRegex(@"\GAND\s+")]
    private static partial Regex And();
}
