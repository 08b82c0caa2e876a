using System.Text;

namespace Caliban.Core.Experiments;

/// <summary>A value from an experiment config as typed in its JSON: a bool, an integer, a float, a string or a list.</summary>
public abstract record ExperimentValue
{
    private ExperimentValue()
    {
    }

    /// <summary>Python's str() of the value: the argument that follows the flag (floats as Python writes them, lists as `[1, 'a']`).</summary>
    public string ToPythonString()
    {
        if (this is Text text) return text.Value;
        var output = new StringBuilder();
        AppendRepr(output);
        return output.ToString();
    }

    /// <summary>Python's repr(), the form a value takes inside a list.</summary>
    internal abstract void AppendRepr(StringBuilder output);

    /// <summary>JSON `true`/`false`.</summary>
    public sealed record Boolean(bool Value) : ExperimentValue
    {
        internal override void AppendRepr(StringBuilder output) => output.Append(Value ? "True" : "False");
    }

    /// <summary>A JSON integer of any size, kept as its text.</summary>
    public sealed record Integer(string Literal) : ExperimentValue
    {
        internal override void AppendRepr(StringBuilder output) => output.Append(Literal);
    }

    /// <summary>A JSON number written with a fraction or an exponent (a Python float).</summary>
    public sealed record Float(double Value) : ExperimentValue
    {
        internal override void AppendRepr(StringBuilder output) => output.Append(PythonText.FloatRepr(Value));
    }

    /// <summary>A JSON string; never quoted or split when it becomes an argument.</summary>
    public sealed record Text(string Value) : ExperimentValue
    {
        internal override void AppendRepr(StringBuilder output) => PythonText.AppendStringRepr(output, Value);
    }

    /// <summary>A list nested under a key's list (not expanded further; rendered like Python's str(list)).</summary>
    public sealed record Sequence(IReadOnlyList<ExperimentValue> Items) : ExperimentValue
    {
        internal override void AppendRepr(StringBuilder output)
        {
            output.Append('[');
            for (var i = 0; i < Items.Count; i++)
            {
                if (i > 0) output.Append(", ");
                Items[i].AppendRepr(output);
            }

            output.Append(']');
        }

        public bool Equals(Sequence? other) => other is not null && Items.SequenceEqual(other.Items);

        public override int GetHashCode() => Items.Aggregate(Items.Count, (hash, item) => HashCode.Combine(hash, item));
    }
}
