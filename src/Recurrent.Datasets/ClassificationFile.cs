using Recurrent.Data;

namespace Recurrent.Datasets;

/// <summary>
/// Reads a file of labelled series in whichever of the formats it is written: UCI optdigits (<c>.tra</c>,
/// <c>.tes</c>: <see cref="OptDigitsFile"/>), the UCR archive's own text format (a class label and the values on
/// each line, no header: <see cref="UcrArchiveFile"/>), the UCR/UEA <c>.ts</c> format (<see cref="TsFile"/>) or
/// their ARFF files (<see cref="ArffFile"/>), or a table with a header line, one series per row
/// (<see cref="WideSeriesCsv"/>), told apart by the first line that is not blank: a <c>.ts</c> or ARFF file opens
/// with <c>@</c>, <c>#</c> or <c>%</c>, and of those, the first line that is not a comment opens an ARFF file with
/// <c>@relation</c>; of the others, a table's first line is a header (<see cref="WideSeriesCsv.HasHeader"/>). A
/// folder is read as series kept one per file in a folder per class (<see cref="SeriesDirectory"/>), and NumPy's
/// <c>.npy</c> file as series to label (its classes stand in a file of their own: <see cref="SeriesAndLabelFiles"/>).
/// </summary>
public static class ClassificationFile
{
    /// <summary>
    /// Reads <paramref name="path"/> with the reader of its format. With <paramref name="requireLabels"/> false, series
    /// to be labelled are read too: a table without a class column, or a <c>.ts</c> file of <c>@classLabel false</c>,
    /// each label empty. <paramref name="labelColumn"/> and <paramref name="idColumn"/> name a table's class column
    /// and the column naming its series where their names are not those <see cref="WideSeriesCsv"/> knows; the other
    /// formats have no columns to name, and refuse them.
    /// </summary>
    /// <exception cref="ArgumentException">A column is named for a file that is not a table with a header.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed.</exception>
    /// <exception cref="InvalidDataException">A folder's files disagree, or it holds no series
    /// (<see cref="SeriesDirectory.Read"/>).</exception>
    public static TimeSeriesDataset Read(
        string path,
        bool requireLabels = true,
        string? labelColumn = null,
        string? idColumn = null
    )
    {
        bool named = labelColumn is not null || idColumn is not null;
        if (Directory.Exists(path))
            return named ? throw NoColumns(path) : SeriesDirectory.Read(path, requireLabels);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        if (Path.GetExtension(path).ToLowerInvariant() is ".tra" or ".tes")
            return named ? throw NoColumns(path) : OptDigitsFile.Read(path);
        if (NpyArray.IsNpy(path))
            return named ? throw NoColumns(path)
                : requireLabels
                    ? throw new DataFormatException(
                        path,
                        1,
                        1,
                        "a NumPy array holds the series, not their classes: give the classes in a file of their own "
                            + "(SeriesAndLabelFiles.Read; recurrent: --train-labels y.npy)."
                    )
                : SeriesAndLabelFiles.Read([path], null);
        return Parse(SpreadsheetText.ReadLines(path), path, requireLabels, labelColumn, idColumn);
    }

    private static ArgumentException NoColumns(string source) =>
        new($"{source}: a class or series column is named, but this is no table with a header line naming columns.");

    /// <summary>
    /// Reads the lines of a <c>.ts</c> file, an ARFF file, a table of series with a header line or a file of the UCR
    /// archive's format, whichever they are; <paramref name="source"/> names them in messages;
    /// <paramref name="requireLabels"/>, <paramref name="labelColumn"/> and <paramref name="idColumn"/> as in
    /// <see cref="Read"/>.
    /// </summary>
    /// <exception cref="DataFormatException">The text is malformed.</exception>
    /// <exception cref="ArgumentException">A column is named for text that is not a table with a header.</exception>
    public static TimeSeriesDataset Parse(
        IReadOnlyList<string> lines,
        string source,
        bool requireLabels = true,
        string? labelColumn = null,
        string? idColumn = null
    )
    {
        ArgumentNullException.ThrowIfNull(lines);
        var first = lines.FirstOrDefault(line => !string.IsNullOrWhiteSpace(line));
        bool named = labelColumn is not null || idColumn is not null;
        if (first is not null && UcrArchiveFile.Looks(first))
        {
            var text = string.Join('\n', lines);
            // A header that names the given columns is a header, even where its other names are numbers.
            if (WideSeriesCsv.HasHeader(text) || named && Names(text, source, labelColumn, idColumn))
                return WideSeriesCsv.Parse(text, source, requireLabels, labelColumn, idColumn);
            return named ? throw NoColumns(source) : UcrArchiveFile.Parse(lines, source);
        }
        if (named)
            throw NoColumns(source);
        var header = lines.FirstOrDefault(line =>
            !string.IsNullOrWhiteSpace(line) && line.TrimStart().TrimStart('\uFEFF') is not ['%' or '#', ..]
        );
        return header is not null && ArffFile.Looks(header)
            ? ArffFile.Parse(lines, source)
            : TsFile.Parse(lines, source, requireLabels);
    }

    // Whether the first record names the given columns, read as a table's header is read.
    private static bool Names(string text, string source, string? labelColumn, string? idColumn)
    {
        var fields = TimeSeriesCsv.ParseColumnNames(text, source);
        return (labelColumn is null || fields.Contains(labelColumn.Trim()))
            && (idColumn is null || fields.Contains(idColumn.Trim()));
    }
}
