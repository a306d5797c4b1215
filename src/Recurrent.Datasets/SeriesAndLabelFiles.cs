using Recurrent.Data;

namespace Recurrent.Datasets;

/// <summary>
/// Reads series and their classes kept in separate files, as numpy's <c>savetxt</c> writes an <c>X</c> and a
/// <c>y</c> and the UCI HAR dataset its <c>Inertial Signals</c>: files of values only, one series per line, each file
/// one channel of the same series (<c>body_acc_x_train.txt</c>, <c>body_acc_y_train.txt</c>, ...), and a file of
/// labels, one per line, in the order of the series (<c>y_train.txt</c>). Values are separated by commas, or by tabs
/// and spaces; trailing <c>NaN</c>s (the padding of a shorter series) are dropped. A labels file with one line more
/// than there are series starts with a header, which is skipped; a label written as a whole number in floating point
/// (<c>5.000000000000000000e+00</c>, numpy's default) is that number (<c>5</c>). Every problem is a
/// <see cref="DataFormatException"/> naming the file, line and column.
/// </summary>
public static class SeriesAndLabelFiles
{
    private const string LineShape = "a file of series holds one series per line, its values only";

    /// <summary>
    /// Reads the channels <paramref name="seriesPaths"/> (one file each, in the order of the channels) and the classes
    /// in <paramref name="labelsPath"/>; without it, the series are read to be labelled, each label empty.
    /// </summary>
    /// <exception cref="ArgumentException">No series file is given.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="DataFormatException">A file is malformed, the files disagree on the series, or the labels are
    /// not one per series.</exception>
    public static TimeSeriesDataset Read(IReadOnlyList<string> seriesPaths, string? labelsPath)
    {
        ArgumentNullException.ThrowIfNull(seriesPaths);
        if (seriesPaths.Count == 0)
            throw new ArgumentException("Give at least one file of series.", nameof(seriesPaths));
        var channels = seriesPaths.Select(path => ParseSeries(Lines(path), path)).ToArray();
        var first = channels[0];
        var joined = new float[first.Series.Count][];
        for (int i = 0; i < joined.Length; i++)
            joined[i] = Interleaved(channels, i);
        string[] labels = labelsPath is null
            ? new string[joined.Length]
            : ParseLabels(Lines(labelsPath), labelsPath, joined.Length, first.Source);
        if (labelsPath is null)
            Array.Fill(labels, "");
        return new TimeSeriesDataset(first.Source, channels.Length, joined, labels, [.. first.Lines]);
    }

    // The series of one file, values only, and the line of each.
    private static (string Source, IReadOnlyList<float[]> Series, IReadOnlyList<int> Lines) ParseSeries(
        IEnumerable<string> lines,
        string source
    )
    {
        var (series, _, sourceLines) = UcrArchiveFile.Rows(lines, source, labelled: false, LineShape);
        return (source, series, sourceLines);
    }

    // The labels of `count` series: one per line, after a header line when there is one more line than series.
    private static string[] ParseLabels(IEnumerable<string> lines, string source, int count, string seriesSource)
    {
        var labels = new List<(string Label, int Line)>();
        int lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            var fields = UcrArchiveFile.Fields(line, source, lineNumber, "a labels file holds one label per line");
            if (fields.Count == 0)
                continue;
            if (fields.Count > 1)
                throw new DataFormatException(
                    source,
                    lineNumber,
                    fields[1].Start + 1,
                    $"{fields.Count} fields; a labels file holds one label per line, in the order of the series."
                );
            labels.Add((UcrArchiveFile.Label(line.AsSpan(fields[0].Start, fields[0].Length)), lineNumber));
        }
        if (labels.Count == count + 1)
            labels.RemoveAt(0);
        if (labels.Count != count)
            throw new DataFormatException(
                source,
                Math.Max(lineNumber, 1),
                1,
                $"{labels.Count} labels for the {count} series of {seriesSource}; a labels file holds one label per "
                    + "line, in the order of the series (a header line above them is skipped)."
            );
        return [.. labels.Select(l => l.Label)];
    }

    private static IEnumerable<string> Lines(string path) =>
        File.Exists(path)
            ? SpreadsheetText.ReadLines(path)
            : throw new FileNotFoundException($"The file '{path}' does not exist.", path);

    // Series i of every channel file, as one series of [T, C] values, row-major; the files must agree on it.
    private static float[] Interleaved(
        (string Source, IReadOnlyList<float[]> Series, IReadOnlyList<int> Lines)[] channels,
        int i
    )
    {
        var first = channels[0];
        int steps = first.Series[i].Length;
        var joined = new float[steps * channels.Length];
        for (int c = 0; c < channels.Length; c++)
        {
            var channel = channels[c];
            if (channel.Series.Count != first.Series.Count)
                throw new DataFormatException(
                    channel.Source,
                    channel.Lines[^1],
                    1,
                    $"{channel.Series.Count} series, but {first.Source} has {first.Series.Count}; the files are the "
                        + "channels of the same series, one series per line in the same order."
                );
            var values = channel.Series[i];
            if (values.Length != steps)
                throw new DataFormatException(
                    channel.Source,
                    channel.Lines[i],
                    1,
                    $"{values.Length} values, but series {i + 1} of {first.Source} (line {first.Lines[i]}) has "
                        + $"{steps}; the files are the channels of the same series."
                );
            for (int t = 0; t < steps; t++)
                joined[t * channels.Length + c] = values[t];
        }
        return joined;
    }
}
