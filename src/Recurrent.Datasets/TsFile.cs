using Recurrent.Data;
using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// Reads the UCR/UEA (sktime) <c>.ts</c> format for classification: <c>#</c> comments (and ARFF's <c>%</c>, which
/// some archive files carry), <c>@</c> header lines up to <c>@data</c>, then one case per line, the dimensions
/// separated by <c>:</c>, the values of a dimension by <c>,</c>, and the class label last. Univariate and
/// multivariate, equal and variable length; <c>?</c> and <c>NaN</c> are missing values (NaN). Every problem is a
/// <see cref="DataFormatException"/> with the file, line and column.
/// </summary>
public static class TsFile
{
    /// <summary>Reads a <c>.ts</c> file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed.</exception>
    public static TimeSeriesDataset Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The .ts file '{path}' does not exist.", path);
        return Parse(File.ReadLines(path), path);
    }

    /// <summary>
    /// Reads the lines of a <c>.ts</c> file; <paramref name="source"/> names it in messages. With
    /// <paramref name="requireLabels"/> false a file of <c>@classLabel false</c> (series to be labelled, without a
    /// class after the last <c>:</c>) is read too, each case's label empty.
    /// </summary>
    /// <exception cref="DataFormatException">The text is malformed.</exception>
    public static TimeSeriesDataset Parse(IEnumerable<string> lines, string source, bool requireLabels = true)
    {
        var header = new Header(requireLabels);
        bool inData = false;
        int lineNumber = 0;
        int? channels = null;
        var series = new List<float[]>();
        var labels = new List<string>();
        var sourceLines = new List<int>();
        foreach (var line in lines)
        {
            lineNumber++;
            int start = FirstNonSpace(line);
            if (start == line.Length || line[start] is '#' or '%')
                continue;
            if (line[start] == '@')
            {
                if (inData)
                    throw new DataFormatException(
                        source,
                        lineNumber,
                        start + 1,
                        "a header line after @data; the header must come before the data."
                    );
                inData = header.Read(line, start, source, lineNumber);
                if (inData)
                    channels = header.Dimensions;
                continue;
            }
            if (!inData)
                throw new DataFormatException(
                    source,
                    lineNumber,
                    start + 1,
                    "a data line before @data; the header must end with a line '@data'."
                );
            var (values, label, caseChannels) = ReadCase(line, source, lineNumber, channels, header);
            channels ??= caseChannels;
            series.Add(values);
            labels.Add(label);
            sourceLines.Add(lineNumber);
        }
        if (!inData)
            throw new DataFormatException(
                source,
                Math.Max(lineNumber, 1),
                1,
                "no '@data' line: this is not a .ts file, or it is truncated."
            );
        if (series.Count == 0)
            throw new DataFormatException(source, lineNumber + 1, 1, "no cases after '@data'.");
        return new TimeSeriesDataset(
            source,
            channels!.Value,
            [.. series],
            [.. labels],
            [.. sourceLines],
            header.ClassLabels
        );
    }

    private static (float[] Values, string Label, int Channels) ReadCase(
        string line,
        string source,
        int lineNumber,
        int? expectedChannels,
        Header header
    )
    {
        // Without labels every ':' separates dimensions, as if a label stood after the line's end.
        int labelColon = header.Labelled ? line.LastIndexOf(':') : line.Length;
        if (labelColon < 0)
            throw new DataFormatException(
                source,
                lineNumber,
                1,
                "no ':' before the class label; a case reads 'values:...:label'."
            );
        var label = header.Labelled ? line[(labelColon + 1)..].Trim() : "";
        if (label.Length == 0 && header.Labelled)
            throw new DataFormatException(
                source,
                lineNumber,
                labelColon + 2,
                "the class label after the last ':' is empty."
            );
        if (header.ClassLabels is { } declared && !declared.Contains(label))
            throw new DataFormatException(
                source,
                lineNumber,
                labelColon + 2 + FirstNonSpace(line.AsSpan(labelColon + 1)),
                $"the class label '{label}' is not among those declared by @classLabel ({string.Join(" ", declared)})."
            );

        var dimensions = new List<(int Start, List<float> Values)>();
        int segmentStart = 0;
        for (int i = 0; i <= labelColon; i++)
        {
            if (i < labelColon && line[i] != ':')
                continue;
            dimensions.Add((segmentStart, ReadValues(line, segmentStart, i, source, lineNumber, dimensions.Count)));
            segmentStart = i + 1;
        }
        int channels = dimensions.Count;
        if (expectedChannels is int expected && channels != expected)
            throw new DataFormatException(
                source,
                lineNumber,
                1,
                $"the case has {channels} dimension(s), but "
                    + $"{(header.Dimensions is null ? "the first case has" : "the header declares")} {expected}."
            );
        int length = dimensions[0].Values.Count;
        for (int d = 1; d < channels; d++)
        {
            if (dimensions[d].Values.Count != length)
                throw new DataFormatException(
                    source,
                    lineNumber,
                    dimensions[d].Start + 1,
                    $"dimension {d + 1} has {dimensions[d].Values.Count} values but dimension 1 has {length}; all "
                        + $"dimensions of a case must have the same length."
                );
        }
        if (header.EqualLength == true && header.SeriesLength is int declaredLength && length != declaredLength)
            throw new DataFormatException(
                source,
                lineNumber,
                1,
                $"the case has {length} steps, but the header declares @equalLength true and @seriesLength "
                    + $"{declaredLength}."
            );
        var values = new float[length * channels];
        for (int d = 0; d < channels; d++)
        {
            var dimension = dimensions[d].Values;
            for (int t = 0; t < length; t++)
                values[t * channels + d] = dimension[t];
        }
        return (values, label, channels);
    }

    private static List<float> ReadValues(string line, int start, int end, string source, int lineNumber, int dimension)
    {
        var values = new List<float>();
        int fieldStart = start;
        for (int i = start; i <= end; i++)
        {
            if (i < end && line[i] != ',')
                continue;
            var field = line.AsSpan(fieldStart, i - fieldStart);
            int column = fieldStart + FirstNonSpace(field) + 1;
            field = field.Trim();
            if (field.Length == 0)
                throw new DataFormatException(
                    source,
                    lineNumber,
                    column,
                    $"an empty value in dimension {dimension + 1}; write '?' for a missing value."
                );
            if (SeriesValueText.TryRead(field, out float value))
                values.Add(value);
            else if (field[0] == '(')
                throw new DataFormatException(
                    source,
                    lineNumber,
                    column,
                    "values with timestamps '(t,v)' are not supported; use '@timeStamps false' data."
                );
            else
                throw new DataFormatException(
                    source,
                    lineNumber,
                    column,
                    $"'{field}' in dimension {dimension + 1} is not a number (nor '?' for a missing value)."
                );
            fieldStart = i + 1;
        }
        return values;
    }

    private static int FirstNonSpace(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
            i++;
        return i;
    }

    private sealed class Header(bool requireLabels)
    {
        public int? Dimensions { get; private set; }

        // False after '@classLabel false': the cases end with their last dimension.
        public bool Labelled { get; private set; } = true;
        public bool? EqualLength { get; private set; }
        public int? SeriesLength { get; private set; }
        public string[]? ClassLabels { get; private set; }

        /// <summary>Reads one '@' line; true when it is '@data'.</summary>
        public bool Read(string line, int start, string source, int lineNumber)
        {
            var words = line[start..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var tag = words[0].ToLowerInvariant();
            string? Argument()
            {
                if (words.Length < 2)
                    throw new DataFormatException(source, lineNumber, start + 1, $"'{words[0]}' needs a value.");
                return words[1];
            }
            bool Flag()
            {
                var value = Argument()!;
                if (bool.TryParse(value, out bool flag))
                    return flag;
                throw new DataFormatException(
                    source,
                    lineNumber,
                    line.IndexOf(value, start + words[0].Length, StringComparison.Ordinal) + 1,
                    $"'{words[0]}' takes true or false, not '{value}'."
                );
            }
            int Count()
            {
                var value = Argument()!;
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0)
                    return n;
                throw new DataFormatException(
                    source,
                    lineNumber,
                    line.IndexOf(value, start + words[0].Length, StringComparison.Ordinal) + 1,
                    $"'{words[0]}' takes a positive whole number, not '{value}'."
                );
            }
            switch (tag)
            {
                case "@data":
                    return true;
                case "@timestamps":
                    if (Flag())
                        throw new DataFormatException(
                            source,
                            lineNumber,
                            start + 1,
                            "series with timestamps (@timeStamps true) are not supported."
                        );
                    break;
                case "@univariate":
                    if (Flag())
                        Dimensions = 1;
                    break;
                case "@dimensions":
                    Dimensions = Count();
                    break;
                case "@equallength":
                    EqualLength = Flag();
                    break;
                case "@serieslength":
                    SeriesLength = Count();
                    break;
                case "@classlabel":
                    Labelled = Flag();
                    if (!Labelled && requireLabels)
                        throw new DataFormatException(
                            source,
                            lineNumber,
                            start + 1,
                            "@classLabel false: this loader reads classification data, which needs class labels."
                        );
                    ClassLabels = Labelled && words.Length > 2 ? words[2..] : null;
                    break;
                case "@targetlabel":
                    if (Flag())
                        throw new DataFormatException(
                            source,
                            lineNumber,
                            start + 1,
                            "@targetLabel true marks a regression problem; this loader reads classification data."
                        );
                    break;
            }
            return false;
        }
    }
}
