namespace Caliban.Core.Images.Toml;

/// <summary>
/// A TOML table: values are <see cref="string"/>, <see cref="TomlTable"/>, <see cref="List{T}"/> of values, or
/// <see cref="TomlScalar"/> for numbers, booleans and dates (kept as written). Remembers the line of each key.
/// </summary>
internal sealed class TomlTable
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    /// <summary>True when created by a `[header]` or a `key = {…}`; such tables can't be reopened by another header.</summary>
    public bool IsDefined { get; set; }

    public IEnumerable<string> Keys => _values.Keys;

    public bool TryGet(string key, out object value) => _values.TryGetValue(key, out value!);

    public int LineOf(string key) => _lines.GetValueOrDefault(key);

    public bool TryAdd(string key, object value, int line)
    {
        if (!_values.TryAdd(key, value))
        {
            return false;
        }

        _lines[key] = line;
        return true;
    }
}

/// <summary>A number, boolean or date/time, kept as its source text (nothing here needs its value).</summary>
internal sealed record TomlScalar(string Text);

/// <summary>A TOML syntax error on a 1-based line.</summary>
internal sealed class TomlException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
