using nietras.SeparatedValues;

namespace Recurrent.Datasets;

/// <summary>
/// Reads the records of a CSV text with Sep (RFC 4180: fields in double quotes may hold separators, line breaks and
/// doubled quotes; CRLF, LF or CR line ends), skipping blank lines, and refuses quoting that Sep would read past:
/// an unclosed quote, text after a closing quote, or a quote inside an unquoted field.
/// </summary>
internal static class CsvRecords
{
    /// <summary>
    /// The records of <paramref name="text"/>, whose fields are split at <paramref name="separator"/>;
    /// <paramref name="source"/> names the file in errors.
    /// </summary>
    /// <exception cref="DataFormatException">A field's quoting is broken.</exception>
    public static IEnumerable<CsvRecord> Read(string text, char separator, string source)
    {
        using var reader = Sep.Reader(o =>
                o with
                {
                    Sep = new Sep(separator),
                    HasHeader = false,
                    DisableColCountCheck = true,
                }
            )
            .FromText(text);
        // Sep's line numbers are off for the first record, so the physical lines are counted here from the texts.
        int line = 1;
        while (reader.MoveNext())
        {
            var record = Record(reader.Current, line);
            line += 1 + LineBreaks(record);
            if (record.IsBlank)
                continue;
            for (int i = 0; i < record.Count; i++)
                CheckQuoting(record, i, separator, source);
            yield return record;
        }
    }

    private static CsvRecord Record(SepReader.Row row, int line)
    {
        var starts = new int[row.ColCount];
        var lengths = new int[row.ColCount];
        for (int i = 0, start = 0; i < row.ColCount; i++)
        {
            starts[i] = start;
            lengths[i] = row[i].Span.Length;
            start += lengths[i] + 1;
        }
        return new CsvRecord(row.Span.ToString(), line, starts, lengths);
    }

    private static void CheckQuoting(CsvRecord record, int i, char separator, string source)
    {
        var raw = record.Raw(i);
        int open = raw.IndexOf('"');
        if (open < 0)
            return;
        int start = record.StartOf(i);
        if (!raw[..open].IsWhiteSpace())
            throw Problem(
                record,
                start + open,
                source,
                "a quote inside a field that does not start with one; quote the whole field and double the quotes "
                    + "inside it (\"5\"\" pipe\")."
            );
        int k = open + 1;
        while (true)
        {
            if (k >= raw.Length)
                throw Problem(record, start + open, source, "a quoted field is not closed (the file ends inside it).");
            if (raw[k] == '"')
            {
                if (k + 1 < raw.Length && raw[k + 1] == '"')
                {
                    k += 2;
                    continue;
                }
                break;
            }
            k++;
        }
        if (!raw[(k + 1)..].IsWhiteSpace())
            throw Problem(
                record,
                start + k + 1,
                source,
                "text after a closing quote; a quoted field must end at the separator "
                    + $"'{InvisibleCharacters.Show(separator.ToString())}'."
            );
    }

    private static DataFormatException Problem(CsvRecord record, int offset, string source, string problem)
    {
        var (line, column) = record.PositionAt(offset);
        return new DataFormatException(source, line, column, problem);
    }

    private static int LineBreaks(CsvRecord record) => record.PositionAt(record.Length).Line - record.FirstLine;
}
