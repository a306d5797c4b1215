using System.Text.RegularExpressions;

namespace Recurrent.Datasets;

/// <summary>
/// One record of a CSV file as written: its text, the physical line it starts on, and where each field lies in it,
/// so that a field's line and column in the file are known, also after a quoted field spanning lines.
/// </summary>
internal sealed partial class CsvRecord
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
    /// the error points at the last field the two share, and with <paramref name="separator"/> a comma it says so when
    /// an unquoted thousands comma split a number.
    /// </summary>
    /// <exception cref="DataFormatException">The row has another number of fields.</exception>
    public void RequireFields(int columns, string source, char separator)
    {
        if (Count != columns)
            throw Problem(
                Math.Min(Count, columns) - 1,
                source,
                $"the row has {Count} fields, but the header names {columns} columns." + ThousandsAdvice(separator)
            );
    }

    /// <summary>
    /// Field <paramref name="i"/> as a value of a series in a table separated by <paramref name="separator"/>
    /// (<see cref="SeriesValueText"/>); NaN when it is empty.
    /// </summary>
    /// <exception cref="DataFormatException">The field is no number; the message names <paramref name="column"/> when
    /// it is given.</exception>
    public float SeriesValue(int i, char separator, string source, string? column = null)
    {
        string cell = Field(i).Trim();
        if (cell.Length == 0)
            return float.NaN;
        if (SeriesValueText.TryRead(cell, separator, out float value))
            return value;
        string named = column is null ? "" : $" in column '{InvisibleCharacters.Show(column)}'";
        throw Problem(
            i,
            source,
            $"'{InvisibleCharacters.Show(cell)}'{named} is not a number (nor empty, '?' or NaN for a missing value)."
                + SpreadsheetNumber.BoundAdvice(cell, separator)
        );
    }

    /// <summary>
    /// Advice for a row with more fields than columns because a number was written with a thousands comma and not
    /// quoted (<c>1,234</c> in a comma-separated file, two fields), as a spreadsheet never writes it but a hand or a
    /// script may; empty when no two neighbouring fields look so.
    /// </summary>
    public string ThousandsAdvice(char separator)
    {
        if (separator != ',')
            return "";
        for (int i = 0; i + 1 < Count; i++)
        {
            string before = Field(i).Trim(),
                after = Field(i + 1).Trim();
            if (LeadingGroup().IsMatch(before) && ThousandsGroup().IsMatch(after))
                return $" '{before},{after}' looks like a number with a thousands comma: quote it "
                    + $"(\"{before},{after}\") or write it without the comma.";
        }
        return "";
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

    [GeneratedRegex(@"^[-+]?\p{Sc}?\d{1,3}$")]
    private static partial Regex LeadingGroup();

    [GeneratedRegex(@"^\d{3}(\.\d+)?$")]
    private static partial Regex ThousandsGroup();
}
