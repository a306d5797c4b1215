namespace Recurrent.Datasets;

/// <summary>
/// One record of a CSV file as written: its text, the physical line it starts on, and where each field lies in it,
/// so that a field's line and column in the file are known, also after a quoted field spanning lines.
/// </summary>
internal sealed class CsvRecord
{
    private readonly string _text;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly bool _oneLine;

    /// <summary>
    /// A record whose fields are the ranges of <paramref name="text"/> at <paramref name="starts"/>, of
    /// <paramref name="lengths"/>, starting on line <paramref name="firstLine"/>.
    /// </summary>
    public CsvRecord(string text, int firstLine, int[] starts, int[] lengths)
    {
        _text = text;
        _starts = starts;
        _lengths = lengths;
        _oneLine = text.AsSpan().IndexOfAny('\r', '\n') < 0;
        FirstLine = firstLine;
    }

    /// <summary>The physical line, counted from 1, that the record starts on.</summary>
    public int FirstLine { get; }

    /// <summary>
    /// Whether the record is only white space (a blank line, or separators that are tabs), which readers skip.
    /// </summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(_text);

    /// <summary>The length of the record's text.</summary>
    public int Length => _text.Length;

    /// <summary>The number of fields.</summary>
    public int Count => _starts.Length;

    /// <summary>
    /// A problem with field <paramref name="field"/> of this record (its first field when negative) of
    /// <paramref name="source"/>, placed at the field's line and column.
    /// </summary>
    public DataFormatException Problem(int field, string source, string problem)
    {
        var (line, column) = PositionOf(Math.Max(field, 0));
        return new DataFormatException(source, line, column, problem);
    }

    /// <summary>
    /// Refuses this row of a table whose header names <paramref name="columns"/> columns unless it has as many fields;
    /// the error points at the last field the two share.
    /// </summary>
    /// <exception cref="DataFormatException">The row has another number of fields.</exception>
    public void RequireFields(int columns, string source)
    {
        if (Count != columns)
            throw Problem(
                Math.Min(Count, columns) - 1,
                source,
                $"the row has {Count} fields, but the header names {columns} columns."
            );
    }

    /// <summary>Field <paramref name="i"/> without its quotes, doubled quotes made single.</summary>
    public string Field(int i)
    {
        var raw = Raw(i);
        var trimmed = raw.Trim();
        if (trimmed.Length == 0 || trimmed[0] != '"')
            return raw.ToString();
        return trimmed[1..^1].ToString().Replace("\"\"", "\"", StringComparison.Ordinal);
    }

    /// <summary>The physical line and column, counted from 1, where field <paramref name="i"/> starts.</summary>
    public (int Line, int Column) PositionOf(int i) => PositionAt(_starts[i]);

    /// <summary>
    /// The physical line and column of the character at <paramref name="offset"/> in the record's text.
    /// </summary>
    public (int Line, int Column) PositionAt(int offset)
    {
        if (_oneLine)
            return (FirstLine, offset + 1);
        int line = FirstLine,
            lineStart = 0;
        for (int k = 0; k < offset; k++)
        {
            char c = _text[k];
            if (c == '\n' || c == '\r' && (k + 1 == _text.Length || _text[k + 1] != '\n'))
            {
                line++;
                lineStart = k + 1;
            }
        }
        return (line, offset - lineStart + 1);
    }

    /// <summary>Field <paramref name="i"/> as written, with any quotes.</summary>
    public ReadOnlySpan<char> Raw(int i) => _text.AsSpan(_starts[i], _lengths[i]);

    /// <summary>Where field <paramref name="i"/> starts in the record's text.</summary>
    public int StartOf(int i) => _starts[i];
}
