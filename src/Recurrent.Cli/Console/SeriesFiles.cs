using Recurrent.Data;
using Recurrent.Datasets;
using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// The files of one set of series named on the command line: one file (or folder) in any format the classifier
/// reads, or files of values only, one per channel, with a file of their labels (<see cref="SeriesAndLabelFiles"/>).
/// </summary>
/// <param name="Paths">The file or folder, or the channel files in the order of the channels.</param>
/// <param name="Labels">The labels file, or null when the series carry their labels.</param>
/// <param name="FilesOption">The option that named <paramref name="Paths"/>, for messages.</param>
/// <param name="LabelsOption">The option that names a labels file, for messages.</param>
internal sealed record SeriesFiles(string[] Paths, string? Labels, string FilesOption, string LabelsOption)
{
    /// <summary>
    /// The files named by <paramref name="files"/> and <paramref name="labels"/>, or null when none is; a labels
    /// file given with the columns of a table (<paramref name="columns"/>) is refused, as is one without series.
    /// </summary>
    /// <exception cref="ArgumentException">The options contradict each other.</exception>
    public static SeriesFiles? Of(
        ParseResult parse,
        Option<FileInfo[]> files,
        Option<FileInfo?> labels,
        SeriesTableOptions columns
    )
    {
        var paths = (parse.GetValue(files) ?? []).Select(f => f.FullName).ToArray();
        string? labelsPath = parse.GetValue(labels)?.FullName;
        if (paths.Length == 0)
            return labelsPath is null
                ? null
                : throw new ArgumentException(
                    $"{labels.Name} names the classes of the series of {files.Name}; give both."
                );
        if (labelsPath is not null && columns.NamesColumns(parse))
            throw new ArgumentException(
                $"{columns.LabelColumn.Name} and {columns.IdColumn.Name} name the columns of a table; with "
                    + $"{labels.Name} the series are values only and their classes come from that file."
            );
        return new SeriesFiles(paths, labelsPath, files.Name, labels.Name);
    }

    /// <summary>
    /// Reads the series; <paramref name="requireLabels"/> false reads series to be labelled, whose labels may be
    /// absent.
    /// </summary>
    /// <exception cref="ArgumentException">Several files of series without a labels file, where labels are
    /// required.</exception>
    public TimeSeriesDataset Read(ParseResult parse, SeriesTableOptions columns, bool requireLabels = true)
    {
        if (Labels is null && Paths.Length == 1)
            return columns.Read(parse, Paths[0], requireLabels);
        if (Labels is null && requireLabels)
            throw new ArgumentException(
                $"Several {FilesOption} files are the channels of one set of series, values only; give their classes "
                    + $"with {LabelsOption}, one per line."
            );
        return SeriesAndLabelFiles.Read(Paths, Labels);
    }

    /// <summary>The first of the files that does not exist, or null when all do.</summary>
    public string? Missing() =>
        Paths.Concat(Labels is null ? [] : [Labels]).FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p));
}
