using Recurrent.Data;
using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// Reads UCI optdigits (<c>optdigits.tra</c>, <c>optdigits.tes</c>): no header, one digit per line, 64 integers 0..16
/// (an 8x8 image, row-major) then the class 0..9. Values are kept as counts 0..16; scale them with a
/// <see cref="ChannelScaler"/> fitted on the training file.
/// </summary>
public static class OptDigitsFile
{
    private const int Pixels = 64;

    /// <summary>Reads a file as 8 steps of 8 values, or as 64 steps of one value.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A line is malformed; the message names the file, line and
    /// column.</exception>
    public static TimeSeriesDataset Read(string path, OptDigitsLayout layout = OptDigitsLayout.RowsAsSteps)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The optdigits file '{path}' does not exist.", path);
        return Parse(File.ReadLines(path), path, layout);
    }

    /// <summary>Reads the lines of an optdigits file; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="DataFormatException">A line is malformed.</exception>
    public static TimeSeriesDataset Parse(
        IEnumerable<string> lines,
        string source,
        OptDigitsLayout layout = OptDigitsLayout.RowsAsSteps
    )
    {
        var series = new List<float[]>();
        var labels = new List<string>();
        var sourceLines = new List<int>();
        int lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var values = new float[Pixels];
            int field = 0,
                start = 0;
            string? label = null;
            for (int i = 0; i <= line.Length; i++)
            {
                if (i < line.Length && line[i] != ',')
                    continue;
                var text = line.AsSpan(start, i - start).Trim();
                if (field > Pixels)
                    throw new DataFormatException(
                        source,
                        lineNumber,
                        start + 1,
                        $"more than {Pixels + 1} fields; a line is 64 pixel counts and the class."
                    );
                if (
                    !int.TryParse(
                        text,
                        NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                        CultureInfo.InvariantCulture,
                        out int value
                    )
                    || value < 0
                    || value > (field < Pixels ? 16 : 9)
                )
                    throw new DataFormatException(
                        source,
                        lineNumber,
                        start + 1,
                        field < Pixels
                            ? $"pixel {field + 1} is '{text}', not a count 0-16."
                            : $"the class is '{text}', not a digit 0-9."
                    );
                if (field < Pixels)
                    values[field] = value;
                else
                    label = SequentialMnist.Digits[value];
                field++;
                start = i + 1;
            }
            if (label is null)
                throw new DataFormatException(
                    source,
                    lineNumber,
                    line.Length + 1,
                    $"{field} fields; a line is 64 pixel counts and the class (65 fields)."
                );
            series.Add(values);
            labels.Add(label);
            sourceLines.Add(lineNumber);
        }
        if (series.Count == 0)
            throw new DataFormatException(source, 1, 1, "the file has no digits.");
        return new TimeSeriesDataset(
            source,
            layout == OptDigitsLayout.RowsAsSteps ? 8 : 1,
            [.. series],
            [.. labels],
            [.. sourceLines],
            SequentialMnist.Digits
        );
    }
}
