using Recurrent.Data;
using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// Reads series and their classes kept in separate files, as numpy's <c>savetxt</c> writes an <c>X</c> and a
/// <c>y</c> and the UCI HAR dataset its <c>Inertial Signals</c>: files of values only, one series per line, each file
/// one channel of the same series (<c>body_acc_x_train.txt</c>, <c>body_acc_y_train.txt</c>, ...), and a file of
/// labels, one per line, in the order of the series (<c>y_train.txt</c>). Values are separated by commas, or by tabs
/// and spaces; trailing <c>NaN</c>s (the padding of a shorter series) are dropped. A labels file with one line more
/// than there are series starts with a header, which is skipped; a label written as a whole number in floating point
/// (<c>5.000000000000000000e+00</c>, numpy's default) is that number (<c>5</c>). NumPy's own <c>.npy</c> files
/// (<see cref="NpyArray"/>, <c>np.save</c>) are read as well: series as <c>[series, steps]</c> or, in Keras' layout,
/// <c>[series, steps, channels]</c>, and classes as <c>[series]</c> or one-hot <c>[series, classes]</c> (the class
/// the index of the 1, as Keras' <c>to_categorical</c> writes them). Every problem is a
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
        var channels = seriesPaths
            .SelectMany(path => NpyArray.IsNpy(path) ? ArrayChannels(NpyArray.Read(path), path) : [TextChannel(path)])
            .ToArray();
        var first = channels[0];
        var joined = new float[first.Series.Count][];
        for (int i = 0; i < joined.Length; i++)
            joined[i] = Interleaved(channels, i);
        string[] labels =
            labelsPath is null ? [.. Enumerable.Repeat("", joined.Length)]
            : NpyArray.IsNpy(labelsPath) ? ArrayLabels(NpyArray.Read(labelsPath), labelsPath, joined.Length, first)
            : ParseLabels(Lines(labelsPath), labelsPath, joined.Length, first.Source);
        return new TimeSeriesDataset(
            first.Source,
            channels.Length,
            joined,
            labels,
            [.. first.Lines],
            recordKind: first.Kind
        );
    }

    // One file's series, one per line, and where each stands ("line" 3, or "series" 3 of an array).
    private readonly record struct Channel(
        string Source,
        IReadOnlyList<float[]> Series,
        IReadOnlyList<int> Lines,
        string Kind
    );

    private static Channel TextChannel(string path)
    {
        var (series, _, sourceLines) = UcrArchiveFile.Rows(Lines(path), path, labelled: false, LineShape);
        return new Channel(path, series, sourceLines, "line");
    }

    // The channels of an array of series: [series, steps] is one, [series, steps, channels] Keras' layout; steps at
    // the end where every channel is NaN pad a shorter series and are dropped.
    private static Channel[] ArrayChannels(NpyArray array, string source)
    {
        if (array.Numbers is not { } values || array.Shape.Count is not (2 or 3))
            throw new DataFormatException(
                source,
                1,
                1,
                $"the array is {(array.Numbers is null ? "of text" : "of the shape " + array.ShapeText)}; series are "
                    + "numbers of the shape (series, steps), or (series, steps, channels) as Keras keeps them."
            );
        int count = array.Shape[0],
            steps = array.Shape[1],
            width = array.Shape.Count == 3 ? array.Shape[2] : 1;
        var channels = new List<float[]>[width];
        for (int c = 0; c < width; c++)
            channels[c] = new List<float[]>(count);
        for (int i = 0; i < count; i++)
        {
            var series = values.AsSpan(i * steps * width, steps * width);
            int length = steps;
            while (length > 0 && AllNaN(series.Slice((length - 1) * width, width)))
                length--;
            if (length == 0)
                throw new DataFormatException(source, 1, 1, $"every value of series {i + 1} is NaN.");
            for (int c = 0; c < width; c++)
            {
                var channel = new float[length];
                for (int t = 0; t < length; t++)
                    channel[t] = (float)series[t * width + c];
                channels[c].Add(channel);
            }
        }
        int[] numbers = [.. Enumerable.Range(1, count)];
        return [.. channels.Select(series => new Channel(source, series, numbers, "series"))];
    }

    private static bool AllNaN(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (!double.IsNaN(v))
                return false;
        return true;
    }

    // The classes in an array: one per series, numbers or text, or one-hot rows whose 1 stands at the class's index.
    private static string[] ArrayLabels(NpyArray array, string source, int count, Channel series)
    {
        bool oneHot = array.Shape.Count == 2 && array.Numbers is { } hot && IsOneHot(hot, array.Shape[1]);
        if (array.Shape.Count is not (1 or 2) || array.Shape.Count == 2 && !oneHot && array.Shape[1] != 1)
            throw new DataFormatException(
                source,
                1,
                1,
                $"the array of classes is of the shape {array.ShapeText}; classes are (series,), or one-hot "
                    + "(series, classes) as Keras' to_categorical writes them."
            );
        if (array.Shape[0] != count)
            throw new DataFormatException(
                source,
                1,
                1,
                $"{array.Shape[0]} classes for the {count} series of {series.Source}; the classes follow the order of "
                    + "the series."
            );
        if (array.Texts is { } texts)
            return texts;
        var numbers = array.Numbers!;
        if (oneHot)
        {
            int classes = array.Shape[1];
            return
            [
                .. Enumerable
                    .Range(0, count)
                    .Select(i => Array.IndexOf(numbers, 1.0, i * classes, classes) - i * classes)
                    .Select(index => index.ToString(CultureInfo.InvariantCulture)),
            ];
        }
        return [.. numbers.Select(n => UcrArchiveFile.Label(n.ToString("R", CultureInfo.InvariantCulture)))];
    }

    // Rows of 0s with one 1 each, wider than one.
    private static bool IsOneHot(double[] values, int width) =>
        width > 1 && values.Chunk(width).All(row => row.Count(v => v == 1) == 1 && row.All(v => v is 0 or 1));

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
    private static float[] Interleaved(Channel[] channels, int i)
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
                    $"{values.Length} values, but series {i + 1} of {first.Source} ({first.Kind} {first.Lines[i]}) "
                        + $"has {steps}; the files are the channels of the same series."
                );
            for (int t = 0; t < steps; t++)
                joined[t * channels.Length + c] = values[t];
        }
        return joined;
    }
}
