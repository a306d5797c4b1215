using Recurrent.Data;

namespace Recurrent.Datasets;

/// <summary>
/// Reads series kept one per file, in one folder per class (<c>train/walking/001.csv</c>,
/// <c>train/running/001.csv</c>), as recordings from a sensor or a phone are often kept and as Keras reads a folder of
/// images (<c>image_dataset_from_directory</c>): the folder's name is the class. Each file (<c>.csv</c>,
/// <c>.tsv</c>, <c>.txt</c>, each also compressed with gzip) is one series, a row per step and a column per channel,
/// read as tables of series are (the separator told from the text, quoting, encodings, decimal commas, empty cells,
/// <c>?</c> and <c>NaN</c> missing). A first line that is not all numbers is a header: its columns without a name (the
/// row index pandas writes) or naming the time (<c>time</c>, <c>timestamp</c>, <c>date</c>, <c>step</c>, <c>t</c>)
/// are no channels. Files and folders are taken in ordinal order of their names; hidden ones (a leading dot) are
/// skipped. Series to be labelled may stand in the folder itself, without class folders, each label empty.
/// </summary>
public static class SeriesDirectory
{
    private static readonly string[] SeriesExtensions = [".csv", ".tsv", ".txt"];

    private static readonly string[] TimeNames = ["time", "timestamp", "date", "step", "t"];

    /// <summary>
    /// Reads the series under <paramref name="directory"/>. With <paramref name="requireLabels"/> false, series files
    /// in the folder itself (no class folders) are read too, each label empty.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">A file is malformed (the message names its line and column).</exception>
    /// <exception cref="InvalidDataException">The files' channels differ, or the folder holds no series where they are
    /// needed.</exception>
    public static TimeSeriesDataset Read(string directory, bool requireLabels = true)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"The folder '{directory}' does not exist.");
        string[] classes = [.. Visible(Directory.GetDirectories(directory))];
        string[] loose = SeriesFiles(directory);
        var files = new List<(string Path, string Label)>();
        if (classes.Length == 0)
        {
            if (requireLabels)
                throw new InvalidDataException(
                    $"{directory}: the folder has no class folders; put the series of each class (one file each) "
                        + "in a folder "
                        + "named by the class: train/walking/001.csv, train/running/001.csv, ..."
                );
            files.AddRange(loose.Select(path => (path, "")));
        }
        else
        {
            if (loose.Length > 0)
                throw new InvalidDataException(
                    $"{loose[0]}: a series file beside the class folders has no class; move it into the folder of "
                        + "its class."
                );
            foreach (string folder in classes)
            {
                string[] inside = SeriesFiles(folder);
                if (inside.Length == 0)
                    throw new InvalidDataException(
                        $"{folder}: the class folder holds no series file (.csv, .tsv, .txt)."
                    );
                files.AddRange(inside.Select(path => (path, Path.GetFileName(folder))));
            }
        }
        if (files.Count == 0)
            throw new InvalidDataException($"{directory}: the folder holds no series file (.csv, .tsv, .txt).");
        var series = new float[files.Count][];
        int channels = 0;
        string? firstFile = null;
        for (int i = 0; i < files.Count; i++)
        {
            var (values, fileChannels) = ReadSeries(files[i].Path);
            if (firstFile is null)
                (firstFile, channels) = (files[i].Path, fileChannels);
            else if (fileChannels != channels)
                throw new InvalidDataException(
                    $"{files[i].Path}: the series has {fileChannels} channel(s), but {firstFile} has {channels}; "
                        + "every file must have the same columns."
                );
            series[i] = values;
        }
        return new TimeSeriesDataset(
            directory,
            channels,
            series,
            [.. files.Select(f => f.Label.Length == 0 ? "" : UcrArchiveFile.Label(f.Label))],
            recordKind: "file",
            caseNames: [.. files.Select(f => f.Path)]
        );
    }

    // One file: its values, [T, C] row-major, and C.
    private static (float[] Values, int Channels) ReadSeries(string path)
    {
        string text = SpreadsheetText.Read(path);
        char separator = CsvSeparator.Resolve(ref text);
        var records = CsvRecords.Read(text, separator, path).Where(r => !r.IsBlank).ToList();
        if (records.Count == 0)
            throw new DataFormatException(path, 1, 1, "the file is empty; it needs a step of the series per line.");
        var first = records[0];
        bool header = Enumerable
            .Range(0, first.Count)
            .Select(i => first.Field(i).Trim())
            .Any(field => field.Length > 0 && !SeriesValueText.TryRead(field, separator, out _));
        int[] columns = header
            ? [.. Enumerable.Range(0, first.Count).Where(i => IsChannel(first.Field(i).Trim()))]
            : [.. Enumerable.Range(0, first.Count)];
        if (columns.Length == 0)
            throw first.Problem(0, path, "the header names no column of values.");
        var steps = header ? records.Skip(1).ToList() : records;
        if (steps.Count == 0)
            throw first.Problem(0, path, "the file holds a header line and no steps.");
        var values = new float[steps.Count * columns.Length];
        int at = 0;
        foreach (var record in steps)
        {
            record.RequireFields(first.Count, path, separator);
            foreach (int c in columns)
                values[at++] = record.SeriesValue(c, separator, path);
        }
        if (values.All(float.IsNaN))
            throw new DataFormatException(path, first.FirstLine, 1, "every value of the series is missing.");
        return (values, columns.Length);
    }

    private static bool IsChannel(string name) =>
        name.Length > 0 && !TimeNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static string[] SeriesFiles(string folder) =>
        [
            .. Visible(Directory.GetFiles(folder)).Where(path => SeriesExtensions.Any(e => IsSeriesFile(path, e))),
        ];

    // A file of the extension, or the same compressed with gzip (walk.csv.gz).
    private static bool IsSeriesFile(string path, string extension) =>
        path.EndsWith(extension, StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(extension + ".gz", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Visible(string[] paths) =>
        paths.Where(path => !Path.GetFileName(path).StartsWith('.')).Order(StringComparer.Ordinal);
}
