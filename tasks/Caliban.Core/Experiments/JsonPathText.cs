using System.Text;
using System.Text.RegularExpressions;

namespace Caliban.Core.Experiments;

/// <summary>JSONPath strings for messages: `$[1].learning_rate[2]`, or `$["[a,b]"]` for names that are not identifiers.</summary>
internal static partial class JsonPathText
{
    public const string Root = "$";

    public static string Property(string parent, string name)
    {
        if (Identifier().IsMatch(name)) return parent + "." + name;
        var output = new StringBuilder(parent).Append('[');
        PythonText.AppendJsonString(output, name, asciiOnly: false);
        return output.Append(']').ToString();
    }

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex Identifier();
}
