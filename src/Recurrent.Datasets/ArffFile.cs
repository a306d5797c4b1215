using Recurrent.Data;

namespace Recurrent.Datasets;

/// <summary>
/// Reads Weka's ARFF format as the UCR/UEA archive writes labelled series in it (the <c>X_TRAIN.arff</c> and
/// <c>X_TEST.arff</c> files beside the <c>.ts</c> ones): <c>%</c> comments, a header of <c>@relation</c> and
/// <c>@attribute</c> lines up to <c>@data</c>, then one case per line. A univariate file has one numeric attribute per
/// step; a multivariate one has a single relational attribute whose quoted value holds the dimensions one after the
/// other, separated by <c>\n</c>, each a list of values. The class is the last attribute, nominal
/// (<c>{a,b,c}</c>). <c>?</c> is a missing value; the archive pads a shorter series with <c>?</c> at the end, so
/// trailing steps missing in every dimension are dropped. Every problem is a <see cref="DataFormatException"/> with
/// the file, line and column.
/// </summary>
public static class ArffFile
{
    private const string UnivariateShape = "a case of a univariate ARFF file reads 'value,value,...,class'";
    private const string MultivariateShape =
        "a case of a multivariate ARFF file reads '\"v,v,...\\nv,v,...\",class', one list of values per dimension";

    /// <summary>Reads an ARFF file of labelled series.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed.</exception>
    public static TimeSeriesDataset Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The ARFF file '{path}' does not exist.", path);
        return Parse(File.ReadLines(path), path);
    }

    /// <summary>
    /// Whether <paramref name="line"/>, the first line of a file that is neither blank nor a comment, opens an ARFF
    /// header (<c>@relation</c>) rather than a <c>.ts</c> one.
    /// </summary>
    public static bool Looks(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.AsSpan().Trim().TrimStart('\uFEFF').StartsWith("@relation", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads the lines of an ARFF file of labelled series; <paramref name="source"/> names it.</summary>
    /// <exception cref="DataFormatException">The text is malformed.</exception>
    public static TimeSeriesDataset Parse(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var header = new Header(source);
        Layout? layout = null;
        int? channels = null;
        var series = new List<float[]>();
        var labels = new List<string>();
        var sourceLines = new List<int>();
        int lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            int start = FirstNonSpace(line);
            if (start == line.Length || line[start] == '%')
                continue;
            if (layout is null)
            {
                if (header.Read(line, start, lineNumber))
                    layout = header.Finish(lineNumber);
                continue;
            }
            if (line[start] == '{')
                throw new DataFormatException(
                    source,
                    lineNumber,
                    start + 1,
                    "sparse ARFF data ('{index value, ...}') is not supported; write every value of the case."
                );
            var (values, label) = layout.Multivariate
                ? ReadMultivariate(line, start, source, lineNumber, layout, ref channels)
                : ReadUnivariate(line, start, source, lineNumber, layout);
            series.Add(values);
            labels.Add(label);
            sourceLines.Add(lineNumber);
        }
        if (layout is null)
            throw new DataFormatException(
                source,
                Math.Max(lineNumber, 1),
                1,
                "no '@data' line: the ARFF header must end with a line '@data' before the cases."
            );
        if (series.Count == 0)
            throw new DataFormatException(source, lineNumber + 1, 1, "no cases after '@data'.");
        return new TimeSeriesDataset(
            source,
            channels ?? 1,
            [.. series],
            [.. labels],
            [.. sourceLines],
            layout.Classes
        );
    }

    private static (float[] Values, string Label) ReadUnivariate(
        string line,
        int start,
        string source,
        int lineNumber,
        Layout layout
    )
    {
        var fields = SplitFields(line, start, line.Length, source, lineNumber);
        if (fields.Count != layout.Steps + 1)
            throw new DataFormatException(
                source,
                lineNumber,
                fields[Math.Min(fields.Count, layout.Steps + 1) - 1].Start + 1,
                $"the case has {fields.Count} values with its class, but the header declares {layout.Steps} "
                    + $"numeric attributes and the class; {UnivariateShape}."
            );
        var values = new float[layout.Steps];
        for (int t = 0; t < layout.Steps; t++)
            values[t] = Value(line, fields[t], source, lineNumber, UnivariateShape);
        var label = Label(line, fields[^1], source, lineNumber, layout);
        int length = SeriesPadding.StepsBefore(values, 1);
        if (length == 0)
            throw new DataFormatException(
                source,
                lineNumber,
                fields[0].Start + 1,
                "every value of the case is missing ('?')."
            );
        return (values[..length], label);
    }

    private static (float[] Values, string Label) ReadMultivariate(
        string line,
        int start,
        string source,
        int lineNumber,
        Layout layout,
        ref int? expectedChannels
    )
    {
        char quote = line[start];
        int close = quote is '\'' or '"' ? line.IndexOf(quote, start + 1) : -1;
        if (close < 0)
            throw new DataFormatException(
                source,
                lineNumber,
                start + 1,
                $"the dimensions of a case must be quoted; {MultivariateShape}."
            );
        int comma = close + 1 + FirstNonSpace(line.AsSpan(close + 1));
        if (comma >= line.Length || line[comma] != ',')
            throw new DataFormatException(
                source,
                lineNumber,
                comma + 1,
                $"a ',' and the class must follow the quoted dimensions; {MultivariateShape}."
            );
        var classFields = SplitFields(line, comma + 1, line.Length, source, lineNumber);
        if (classFields.Count != 1)
            throw new DataFormatException(
                source,
                lineNumber,
                classFields[Math.Min(1, classFields.Count - 1)].Start + 1,
                $"one class follows the quoted dimensions, found {classFields.Count} values; {MultivariateShape}."
            );
        var label = Label(line, classFields[0], source, lineNumber, layout);

        var dimensions = new List<List<float>>();
        int segment = start + 1;
        while (true)
        {
            int separator = line.IndexOf("\\n", segment, close - segment, StringComparison.Ordinal);
            int end = separator < 0 ? close : separator;
            var fields = SplitFields(line, segment, end, source, lineNumber);
            var values = new List<float>(fields.Count);
            foreach (var field in fields)
                values.Add(Value(line, field, source, lineNumber, MultivariateShape));
            if (dimensions.Count > 0 && values.Count != dimensions[0].Count)
                throw new DataFormatException(
                    source,
                    lineNumber,
                    segment + 1,
                    $"dimension {dimensions.Count + 1} has {values.Count} values but dimension 1 has "
                        + $"{dimensions[0].Count}; pad a shorter dimension with '?'."
                );
            dimensions.Add(values);
            if (separator < 0)
                break;
            segment = separator + 2;
        }
        if (dimensions.Count != (expectedChannels ??= dimensions.Count))
            throw new DataFormatException(
                source,
                lineNumber,
                start + 1,
                $"the case has {dimensions.Count} dimension(s), but the first case has {expectedChannels}."
            );
        int channels = dimensions.Count,
            steps = dimensions[0].Count;
        var interleaved = new float[steps * channels];
        for (int d = 0; d < channels; d++)
            for (int t = 0; t < steps; t++)
                interleaved[t * channels + d] = dimensions[d][t];
        int length = SeriesPadding.StepsBefore(interleaved, channels);
        if (length == 0)
            throw new DataFormatException(
                source,
                lineNumber,
                start + 1,
                "every value of the case is missing ('?')."
            );
        return (interleaved[..(length * channels)], label);
    }

    // The comma-separated fields of line[from, to), each trimmed, a quoted one without its quotes.
    private static List<(int Start, int Length)> SplitFields(
        string line,
        int from,
        int to,
        string source,
        int lineNumber
    )
    {
        var fields = new List<(int Start, int Length)>();
        int i = from;
        while (true)
        {
            while (i < to && char.IsWhiteSpace(line[i]))
                i++;
            int start = i,
                stop;
            if (i < to && line[i] is '\'' or '"')
            {
                int close = line.IndexOf(line[i], i + 1, to - i - 1);
                if (close < 0)
                    throw new DataFormatException(source, lineNumber, i + 1, "a quote that is not closed.");
                start = i + 1;
                stop = close;
                i = close + 1;
                while (i < to && char.IsWhiteSpace(line[i]))
                    i++;
            }
            else
            {
                while (i < to && line[i] != ',')
                    i++;
                stop = i;
                while (stop > start && char.IsWhiteSpace(line[stop - 1]))
                    stop--;
                if (stop == start)
                    throw new DataFormatException(
                        source,
                        lineNumber,
                        start + 1,
                        "an empty value; write '?' for a missing one."
                    );
            }
            fields.Add((start, stop - start));
            if (i >= to)
                return fields;
            if (line[i] != ',')
                throw new DataFormatException(source, lineNumber, i + 1, "a ',' must follow a quoted value.");
            i++;
        }
    }

    private static float Value(string line, (int Start, int Length) field, string source, int lineNumber, string shape)
    {
        var text = line.AsSpan(field.Start, field.Length);
        if (SeriesValueText.TryRead(text, out float value))
            return value;
        throw new DataFormatException(
            source,
            lineNumber,
            field.Start + 1,
            $"'{text}' is not a number (nor '?' for a missing value); {shape}."
        );
    }

    private static string Label(
        string line,
        (int Start, int Length) field,
        string source,
        int lineNumber,
        Layout layout
    )
    {
        var label = line.Substring(field.Start, field.Length);
        if (!layout.Classes.Contains(label))
            throw new DataFormatException(
                source,
                lineNumber,
                field.Start + 1,
                $"the class '{label}' is not among those the attribute '{layout.ClassName}' declares "
                    + $"({{{string.Join(",", layout.Classes)}}})."
            );
        return label;
    }

    private static int FirstNonSpace(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF'))
            i++;
        return i;
    }

    // What the header says of every case: univariate with Steps values, or multivariate (the first case tells how
    // many dimensions); the class attribute's name and values.
    private sealed record Layout(bool Multivariate, int Steps, string ClassName, string[] Classes);

    private sealed class Header(string source)
    {
        private readonly List<(string Name, string Kind, string[]? Values, int Line)> _attributes = [];
        private bool _relation;
        private string? _openRelational;

        /// <summary>Reads one header line; true when it is '@data'.</summary>
        public bool Read(string line, int start, int lineNumber)
        {
            var text = line.AsSpan(start).TrimEnd();
            int space = text.IndexOfAny(' ', '\t');
            var tag = (space < 0 ? text : text[..space]).ToString().ToLowerInvariant();
            var rest = space < 0 ? "" : text[space..].Trim().ToString();
            switch (tag)
            {
                case "@relation":
                    _relation = true;
                    return false;
                case "@data":
                    if (_openRelational is not null)
                        throw Problem(lineNumber, start, $"'@data' before '@end {_openRelational}'.");
                    return true;
                case "@end":
                    if (_openRelational is null)
                        throw Problem(lineNumber, start, "'@end' without a relational attribute to close.");
                    _openRelational = null;
                    return false;
                case "@attribute":
                    Attribute(rest, line, start, lineNumber);
                    return false;
                default:
                    throw Problem(
                        lineNumber,
                        start,
                        _relation
                            ? $"'{tag}' is not an ARFF header line (@relation, @attribute, @end, @data)."
                            : "an ARFF file opens with '@relation'."
                    );
            }
        }

        private void Attribute(string rest, string line, int start, int lineNumber)
        {
            var (name, type) = NameAndType(rest, lineNumber, start);
            var kind = type.ToLowerInvariant();
            if (_openRelational is not null)
            {
                if (kind is not ("numeric" or "real" or "integer"))
                    throw Problem(
                        lineNumber,
                        start,
                        $"the attribute '{name}' inside '{_openRelational}' is '{type}'; a dimension's steps are "
                            + "numeric."
                    );
                return;
            }
            if (kind is "numeric" or "real" or "integer")
                _attributes.Add((name, "numeric", null, lineNumber));
            else if (kind == "relational")
            {
                _attributes.Add((name, "relational", null, lineNumber));
                _openRelational = name;
            }
            else if (type.StartsWith('{') && type.EndsWith('}'))
                _attributes.Add((name, "nominal", Nominal(type[1..^1]), lineNumber));
            else
                throw Problem(
                    lineNumber,
                    line.IndexOf(type, start, StringComparison.Ordinal),
                    $"the attribute '{name}' is of type '{type}'; series values are numeric, and the class nominal "
                        + "({a,b,...})."
                );
        }

        // The layout the attributes describe, checked once the header ends at line dataLine.
        public Layout Finish(int dataLine)
        {
            if (_attributes.Count < 2)
                throw Problem(
                    dataLine,
                    0,
                    $"the header declares {_attributes.Count} attribute(s); labelled series need the values and a "
                        + "class, the last attribute."
                );
            var last = _attributes[^1];
            if (last.Kind != "nominal")
                throw Problem(
                    last.Line,
                    0,
                    $"the last attribute, '{last.Name}', is the class and must be nominal ({{a,b,...}}), not "
                        + $"{last.Kind}."
                );
            if (last.Values!.Length < 1)
                throw Problem(last.Line, 0, $"the class attribute '{last.Name}' declares no values.");
            var series = _attributes.Take(_attributes.Count - 1).ToList();
            if (series.Count == 1 && series[0].Kind == "relational")
                return new Layout(true, 0, last.Name, last.Values);
            var other = series.FirstOrDefault(a => a.Kind != "numeric");
            if (other.Name is not null)
                throw Problem(
                    other.Line,
                    0,
                    $"the attribute '{other.Name}' is {other.Kind}; before the class, a univariate file has only "
                        + "numeric attributes (one per step) and a multivariate one a single relational attribute."
                );
            return new Layout(false, series.Count, last.Name, last.Values);
        }

        private (string Name, string Type) NameAndType(string rest, int lineNumber, int start)
        {
            if (rest.Length == 0)
                throw Problem(lineNumber, start, "'@attribute' needs a name and a type.");
            int end;
            string name;
            if (rest[0] is '\'' or '"')
            {
                end = rest.IndexOf(rest[0], 1);
                if (end < 0)
                    throw Problem(lineNumber, start, "the attribute's quoted name is not closed.");
                name = rest[1..end];
                end++;
            }
            else
            {
                end = rest.IndexOfAny([' ', '\t', '{']);
                if (end < 0)
                    end = rest.Length;
                name = rest[..end];
            }
            var type = rest[end..].Trim();
            if (type.Length == 0)
                throw Problem(lineNumber, start, $"the attribute '{name}' has no type.");
            return (name, type);
        }

        private static string[] Nominal(string values) =>
            [
                .. values
                    .Split(',')
                    .Select(v => v.Trim())
                    .Select(v => v.Length >= 2 && v[0] is '\'' or '"' && v[^1] == v[0] ? v[1..^1] : v)
                    .Where(v => v.Length > 0),
            ];

        private DataFormatException Problem(int lineNumber, int start, string problem) =>
            new(source, lineNumber, start + 1, problem);
    }
}
