using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Caliban.Core.Images.Toml;

/// <summary>
/// A small TOML 1.0 reader, enough to read pyproject.toml: tables, arrays of tables, dotted and quoted keys, all four
/// string forms, (multi-line) arrays, inline tables and comments. Scalars other than strings are checked loosely and kept as text.
/// </summary>
internal sealed partial class TomlReader
{
    private readonly string _text;
    private readonly TomlTable _root = new() { IsDefined = true };
    private int _position;
    private int _line = 1;

    private TomlReader(string text) => _text = text;

    /// <summary>Parses a whole document; throws <see cref="TomlException"/> with the line of the first error.</summary>
    public static TomlTable Parse(string text)
    {
        var reader = new TomlReader(text);
        reader.ReadDocument();
        return reader._root;
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    private void ReadDocument()
    {
        var table = _root;
        while (true)
        {
            SkipBlankLines();
            if (AtEnd)
            {
                return;
            }

            if (Current == '[')
            {
                table = ReadHeader();
            }
            else
            {
                ReadKeyValue(table);
            }

            ExpectEndOfLine();
        }
    }

    private TomlTable ReadHeader()
    {
        var line = _line;
        var isArray = Peek(1) == '[';
        _position += isArray ? 2 : 1;
        SkipSpaces();
        var keys = ReadKey();
        SkipSpaces();
        Expect(isArray ? "]]" : "]");

        var parent = _root;
        foreach (var key in keys[..^1])
        {
            parent = Descend(parent, key, line);
        }

        var last = keys[^1];
        if (isArray)
        {
            if (!parent.TryGet(last, out var existing))
            {
                existing = new List<object>();
                parent.TryAdd(last, existing, line);
            }

            if (existing is not List<object> { } tables || tables.Any(t => t is not TomlTable))
            {
                throw Error($"[[{string.Join('.', keys)}]] reuses a key that is not an array of tables", line);
            }

            var table = new TomlTable { IsDefined = true };
            tables.Add(table);
            return table;
        }

        if (parent.TryGet(last, out var value))
        {
            if (value is not TomlTable { IsDefined: false } implicitTable)
            {
                throw Error($"the table [{string.Join('.', keys)}] is defined twice", line);
            }

            implicitTable.IsDefined = true;
            return implicitTable;
        }

        var created = new TomlTable { IsDefined = true };
        parent.TryAdd(last, created, line);
        return created;
    }

    private void ReadKeyValue(TomlTable table)
    {
        var line = _line;
        var keys = ReadKey();
        SkipSpaces();
        Expect("=");
        SkipSpaces();
        var value = ReadValue();
        Assign(table, keys, value, line);
    }

    private void Assign(TomlTable table, List<string> keys, object value, int line)
    {
        var parent = table;
        foreach (var key in keys[..^1])
        {
            parent = Descend(parent, key, line);
        }

        if (!parent.TryAdd(keys[^1], value, line))
        {
            throw Error($"the key \"{string.Join('.', keys)}\" is defined twice", line);
        }
    }

    // Dotted keys and headers create intermediate tables implicitly; the last element of an array of tables is reopened.
    private TomlTable Descend(TomlTable parent, string key, int line)
    {
        if (!parent.TryGet(key, out var value))
        {
            var created = new TomlTable();
            parent.TryAdd(key, created, line);
            return created;
        }

        return value switch
        {
            TomlTable child => child,
            List<object> { Count: > 0 } list when list[^1] is TomlTable last => last,
            _ => throw Error($"\"{key}\" is already a value, not a table", line),
        };
    }

    private List<string> ReadKey()
    {
        var keys = new List<string>();
        while (true)
        {
            keys.Add(ReadSimpleKey());
            SkipSpaces();
            if (AtEnd || Current != '.')
            {
                return keys;
            }

            _position++;
            SkipSpaces();
        }
    }

    private string ReadSimpleKey()
    {
        if (AtEnd)
        {
            throw Error("expected a key");
        }

        if (Current == '"')
        {
            return ReadBasicString();
        }

        if (Current == '\'')
        {
            return ReadLiteralString();
        }

        var start = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '_' or '-'))
        {
            _position++;
        }

        if (start == _position)
        {
            throw Error(AtEnd ? "expected a key" : $"unexpected '{Current}' where a key was expected");
        }

        return _text[start.._position];
    }

    private object ReadValue()
    {
        if (AtEnd)
        {
            throw Error("expected a value");
        }

        return Current switch
        {
            '"' when Peek(1) == '"' && Peek(2) == '"' => ReadMultiLineString('"'),
            '\'' when Peek(1) == '\'' && Peek(2) == '\'' => ReadMultiLineString('\''),
            '"' => ReadBasicString(),
            '\'' => ReadLiteralString(),
            '[' => ReadArray(),
            '{' => ReadInlineTable(),
            _ => ReadScalar(),
        };
    }

    private List<object> ReadArray()
    {
        var line = _line;
        _position++;
        var items = new List<object>();
        while (true)
        {
            SkipBlankLines();
            if (AtEnd)
            {
                throw Error("the array is not closed with ]", line);
            }

            if (Current == ']')
            {
                _position++;
                return items;
            }

            items.Add(ReadValue());
            SkipBlankLines();
            if (AtEnd)
            {
                throw Error("the array is not closed with ]", line);
            }

            if (Current == ',')
            {
                _position++;
            }
            else if (Current != ']')
            {
                throw Error($"unexpected '{Current}' in an array (items are separated by commas)");
            }
        }
    }

    private TomlTable ReadInlineTable()
    {
        var line = _line;
        _position++;
        var table = new TomlTable { IsDefined = true };
        SkipSpaces();
        if (!AtEnd && Current == '}')
        {
            _position++;
            return table;
        }

        while (true)
        {
            SkipSpaces();
            var keys = ReadKey();
            SkipSpaces();
            Expect("=");
            SkipSpaces();
            Assign(table, keys, ReadValue(), line);
            SkipSpaces();
            if (AtEnd)
            {
                throw Error("the inline table is not closed with }");
            }

            _position++;
            if (_text[_position - 1] == '}')
            {
                return table;
            }

            if (_text[_position - 1] != ',')
            {
                throw Error($"unexpected '{_text[_position - 1]}' in an inline table (pairs are separated by commas)");
            }
        }
    }

    private string ReadBasicString()
    {
        _position++;
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current is '\n' or '\r')
            {
                throw Error("the string is not closed with \"");
            }

            var c = Current;
            _position++;
            if (c == '"')
            {
                return value.ToString();
            }

            if (c == '\\')
            {
                value.Append(ReadEscape());
            }
            else
            {
                value.Append(c);
            }
        }
    }

    private string ReadLiteralString()
    {
        _position++;
        var start = _position;
        while (!AtEnd && Current != '\'')
        {
            if (Current is '\n' or '\r')
            {
                throw Error("the string is not closed with '");
            }

            _position++;
        }

        if (AtEnd)
        {
            throw Error("the string is not closed with '");
        }

        return _text[start..(_position++)];
    }

    private string ReadMultiLineString(char quote)
    {
        var line = _line;
        _position += 3;
        SkipOneNewline();
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error($"the multi-line string is not closed with {new string(quote, 3)}", line);
            }

            var c = Current;
            if (c == quote && Peek(1) == quote && Peek(2) == quote)
            {
                // Up to two quotes may directly precede the closing delimiter.
                var run = 3;
                while (run < 5 && Peek(run) == quote)
                {
                    run++;
                }

                value.Append(quote, run - 3);
                _position += run;
                return value.ToString();
            }

            _position++;
            if (c == '\n')
            {
                _line++;
                value.Append(c);
            }
            else if (c == '\\' && quote == '"')
            {
                if (IsLineEndingBackslash())
                {
                    SkipBlankSpaceAndNewlines();
                }
                else
                {
                    value.Append(ReadEscape());
                }
            }
            else
            {
                value.Append(c);
            }
        }
    }

    private string ReadEscape()
    {
        if (AtEnd)
        {
            throw Error("the string ends inside an escape sequence");
        }

        var c = Current;
        _position++;
        return c switch
        {
            'b' => "\b",
            't' => "\t",
            'n' => "\n",
            'f' => "\f",
            'r' => "\r",
            'e' => "\u001b",
            '"' => "\"",
            '\\' => "\\",
            'u' => ReadCodePoint(4),
            'U' => ReadCodePoint(8),
            _ => throw Error($"\\{c} is not a valid escape in a string (use \\\\ for a backslash, or a 'literal string')"),
        };
    }

    private string ReadCodePoint(int digits)
    {
        if (_position + digits > _text.Length ||
            !int.TryParse(_text.AsSpan(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) ||
            code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            throw Error($"invalid \\{(digits == 4 ? 'u' : 'U')} escape");
        }

        _position += digits;
        return char.ConvertFromUtf32(code);
    }

    private TomlScalar ReadScalar()
    {
        var start = _position;
        while (!AtEnd && Current is not (',' or ']' or '}' or '#' or '\n' or '\r'))
        {
            _position++;
        }

        var text = _text[start.._position].TrimEnd(' ', '\t');
        _position = start + text.Length;
        if (!Scalar().IsMatch(text))
        {
            throw Error(text.Length == 0
                ? "expected a value"
                : $"\"{text}\" is not a TOML value (strings need quotes)");
        }

        return new TomlScalar(text);
    }

    private bool IsLineEndingBackslash()
    {
        var i = _position;
        while (i < _text.Length && _text[i] is ' ' or '\t')
        {
            i++;
        }

        return i >= _text.Length || _text[i] is '\n' or '\r';
    }

    private void SkipBlankSpaceAndNewlines()
    {
        while (!AtEnd && Current is ' ' or '\t' or '\r' or '\n')
        {
            if (Current == '\n')
            {
                _line++;
            }

            _position++;
        }
    }

    private void SkipOneNewline()
    {
        if (!AtEnd && Current == '\r' && Peek(1) == '\n')
        {
            _position++;
        }

        if (!AtEnd && Current == '\n')
        {
            _position++;
            _line++;
        }
    }

    private void SkipSpaces()
    {
        while (!AtEnd && Current is ' ' or '\t')
        {
            _position++;
        }
    }

    private void SkipComment()
    {
        if (!AtEnd && Current == '#')
        {
            while (!AtEnd && Current != '\n')
            {
                _position++;
            }
        }
    }

    // Whitespace, comments and newlines: between statements and inside arrays.
    private void SkipBlankLines()
    {
        while (true)
        {
            SkipSpaces();
            SkipComment();
            if (AtEnd || Current is not ('\n' or '\r'))
            {
                return;
            }

            if (Current == '\n')
            {
                _line++;
            }

            _position++;
        }
    }

    private void ExpectEndOfLine()
    {
        SkipSpaces();
        SkipComment();
        if (!AtEnd && Current == '\r')
        {
            _position++;
        }

        if (!AtEnd && Current != '\n')
        {
            throw Error($"unexpected '{Current}' after a value (one key = value per line)");
        }
    }

    private void Expect(string token)
    {
        if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0)
        {
            throw Error(AtEnd ? $"expected '{token}' but the file ends" : $"expected '{token}' but found '{Current}'");
        }

        _position += token.Length;
    }

    private char Peek(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private TomlException Error(string message, int? line = null) => new(line ?? _line, message);

    [GeneratedRegex(
        @"^(?:true|false|[+-]?(?:inf|nan)|[+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?|0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|" +
        @"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\z")]
    private static partial Regex Scalar();
}
