using Recurrent.Data;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Recurrent.Datasets;

/// <summary>
/// Reads the UCR time series archive's own text format (the <c>X_TRAIN.tsv</c> and <c>X_TEST.tsv</c> of the 2018
/// archive, the <c>.txt</c> or extensionless files of earlier releases): no header, one univariate series per line,
/// the class label first, then the values, separated by tabs, commas or spaces. The archive pads series shorter
/// than the longest with <c>NaN</c> at the end, so trailing <c>NaN</c>s are dropped; one inside a series is a
/// missing value. A label written as a whole number in floating point (<c>1.0000000e+00</c>, as the earlier
/// releases write them) is read as that number (<c>1</c>). Every problem is a <see cref="DataFormatException"/>
/// with the file, line and column.
/// </summary>
public static class UcrArchiveFile
{
    private const string LineShape = "a line of the UCR archive's format reads 'label<TAB>value<TAB>value...'";

    /// <summary>Reads a file of the UCR archive's format.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed.</exception>
    public static TimeSeriesDataset Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The UCR archive file '{path}' does not exist.", path);
        return Parse(File.ReadLines(path), path);
    }

    /// <summary>Reads the lines of a file of the UCR archive's format; <paramref name="source"/> names it.</summary>
    /// <exception cref="DataFormatException">The text is malformed.</exception>
    public static TimeSeriesDataset Parse(IEnumerable<string> lines, string source)
    {
        var (series, labels, sourceLines) = Rows(lines, source, labelled: true, LineShape);
        return new TimeSeriesDataset(source, channels: 1, [.. series], [.. labels], [.. sourceLines]);
    }

    // The series of the lines, one per line that is not blank, with the class first where `labelled` (else every
    // label empty) and trailing NaNs dropped; `shape` says what a line should be, in messages.
    internal static (List<float[]> Series, List<string> Labels, List<int> Lines) Rows(
        IEnumerable<string> lines,
        string source,
        bool labelled,
        string shape
    )
    {
        ArgumentNullException.ThrowIfNull(lines);
        var series = new List<float[]>();
        var labels = new List<string>();
        var sourceLines = new List<int>();
        int lineNumber = 0,
            first = labelled ? 1 : 0;
        foreach (var line in lines)
        {
            lineNumber++;
            var fields = Fields(line, source, lineNumber, shape);
            if (fields.Count == 0)
                continue;
            if (fields.Count == first)
                throw new DataFormatException(
                    source,
                    lineNumber,
                    fields[0].Start + 1,
                    $"the line holds a class label and no value; {shape}."
                );
            var values = new List<float>(fields.Count - first);
            for (int i = first; i < fields.Count; i++)
                values.Add(Value(line, fields[i], source, lineNumber, shape));
            int length = SeriesPadding.StepsBefore(CollectionsMarshal.AsSpan(values), 1);
            if (length == 0)
                throw new DataFormatException(
                    source,
                    lineNumber,
                    fields[first].Start + 1,
                    "every value of the series is NaN; NaN at the end of a line only pads a shorter series."
                );
            series.Add([.. values.Take(length)]);
            labels.Add(labelled ? Label(line.AsSpan(fields[0].Start, fields[0].Length)) : "");
            sourceLines.Add(lineNumber);
        }
        if (series.Count == 0)
            throw new DataFormatException(source, Math.Max(lineNumber, 1), 1, $"the file holds no series; {shape}.");
        return (series, labels, sourceLines);
    }

    /// <summary>
    /// Whether <paramref name="firstLine"/>, the first line of a file that is not blank, looks like the archive's
    /// format rather than a <c>.ts</c> file's header or comment.
    /// </summary>
    public static bool Looks(string firstLine)
    {
        ArgumentNullException.ThrowIfNull(firstLine);
        var text = firstLine.AsSpan().TrimStart().TrimStart('\uFEFF');
        return text.Length > 0 && text[0] is not ('@' or '#' or '%');
    }

    // The fields of a line: split at commas when it has any (each field trimmed, none empty), otherwise at runs of
    // tabs and spaces, which is how the archive's releases have written it; `shape` says what a line should be.
    internal static List<(int Start, int Length)> Fields(string line, string source, int lineNumber, string shape)
    {
        var fields = new List<(int Start, int Length)>();
        if (!line.Contains(',', StringComparison.Ordinal))
        {
            for (int i = 0; i < line.Length;)
            {
                int start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i]))
                    i++;
                if (i > start)
                    fields.Add((start, i - start));
                else
                    i++;
            }
            return fields;
        }
        for (int i = 0; i < line.Length;)
        {
            int end = line.IndexOf(',', i);
            if (end < 0)
                end = line.Length;
            int start = i,
                stop = end;
            while (start < stop && char.IsWhiteSpace(line[start]))
                start++;
            while (stop > start && char.IsWhiteSpace(line[stop - 1]))
                stop--;
            if (stop == start)
                throw new DataFormatException(source, lineNumber, start + 1, $"an empty field; {shape}.");
            fields.Add((start, stop - start));
            i = end + 1;
        }
        return fields;
    }

    internal static float Value(
        string line,
        (int Start, int Length) field,
        string source,
        int lineNumber,
        string shape
    )
    {
        var text = line.AsSpan(field.Start, field.Length);
        if (SeriesValueText.TryRead(text, out float value))
            return value;
        throw new DataFormatException(
            source,
            lineNumber,
            field.Start + 1,
            $"'{text}' is not a number; {shape}."
        );
    }

    // A label as written, or the whole number a float label such as 1.0000000e+00 stands for.
    internal static string Label(ReadOnlySpan<char> text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            && number == Math.Round(number)
            && Math.Abs(number) < 1e9)
            return ((long)number).ToString(CultureInfo.InvariantCulture);
        return text.ToString();
    }
}
