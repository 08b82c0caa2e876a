using System.Text;

namespace Caliban.Core.Experiments;

/// <summary>Writes JSON laid out exactly like Python's json.dumps with indent None (one line) or a number of spaces.</summary>
internal sealed class PythonJsonWriter(int? indent)
{
    private readonly StringBuilder _output = new();

    public void WriteList<T>(IReadOnlyList<T> items, Action<T, int> writeItem, int depth = 0) =>
        WriteContainer('[', ']', items, writeItem, depth);

    public void WriteObject(IReadOnlyList<ExperimentSetting> settings, int depth) =>
        WriteContainer('{', '}', settings, (setting, inner) =>
        {
            PythonText.AppendJsonString(_output, setting.Key);
            _output.Append(": ");
            WriteValue(setting.Value, inner);
        }, depth);

    public override string ToString() => _output.ToString();

    private void WriteValue(ExperimentValue value, int depth)
    {
        switch (value)
        {
            case ExperimentValue.Boolean boolean: _output.Append(boolean.Value ? "true" : "false"); break;
            case ExperimentValue.Integer integer: _output.Append(integer.Literal); break;
            case ExperimentValue.Float number: _output.Append(FloatJson(number.Value)); break;
            case ExperimentValue.Text text: PythonText.AppendJsonString(_output, text.Value); break;
            case ExperimentValue.Sequence list: WriteList(list.Items, WriteValue, depth); break;
        }
    }

    // json.dumps writes float repr, except for the infinities (JavaScript's names).
    private static string FloatJson(double value) =>
        double.IsPositiveInfinity(value) ? "Infinity" : double.IsNegativeInfinity(value) ? "-Infinity" : PythonText.FloatRepr(value);

    private void WriteContainer<T>(char open, char close, IReadOnlyList<T> items, Action<T, int> writeItem, int depth)
    {
        _output.Append(open);
        if (items.Count == 0)
        {
            _output.Append(close);
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) _output.Append(indent is null ? ", " : ",");
            NewLine(depth + 1);
            writeItem(items[i], depth + 1);
        }

        NewLine(depth);
        _output.Append(close);
    }

    private void NewLine(int depth)
    {
        if (indent is { } spaces) _output.Append('\n').Append(' ', spaces * depth);
    }
}
