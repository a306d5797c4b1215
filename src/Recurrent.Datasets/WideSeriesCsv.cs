using Recurrent.Data;

namespace Recurrent.Datasets;

/// <summary>
/// Reads labelled univariate series written as a table with a header line, one series per row and one column per
/// step, as a spreadsheet or pandas writes them (<c>DataFrame.to_csv</c>): the separator told from the text (comma,
/// semicolon or tab), RFC 4180 quoting, numbers as the time-series reader takes them (a decimal comma with
/// semicolons, thousands grouped where the grouping cannot be a decimal mark: <c>"1,234.5"</c>, <c>1.234,5</c>).
/// The class label is the column named <c>label</c>, <c>class</c>, <c>target</c> or <c>y</c> (any case), wherever it
/// stands; a column without a name (the row index pandas writes first) or naming the series (<c>id</c>,
/// <c>series</c>, <c>series_id</c>, <c>case_id</c>, <c>sample_id</c>) is skipped; every other column is a step. An
/// empty cell, <c>?</c> or <c>NaN</c> is a missing value, and those that end a row pad a shorter series and are
/// dropped. When the series column repeats its names, the table is in the long format of a database export, one row
/// per step (each other named column a channel, an optional <c>time</c>, <c>timestamp</c>, <c>date</c>, <c>step</c>
/// or <c>t</c> column ordering the steps), and is read so. Every problem is a <see cref="DataFormatException"/> with
/// the file, line and column.
/// </summary>
public static class WideSeriesCsv
{
    private static readonly string[] LabelNames = ["label", "class", "target", "y"];

    /// <summary>
    /// Whether the first record of <paramref name="text"/> is a header naming the columns rather than a first series of
    /// the UCR archive's text format: either no field reads as a value (a number, <c>?</c> or <c>NaN</c>; empty fields
    /// aside), or the numbers are the steps 0, 1, 2, ... or 1, 2, 3, ... in order (pandas' column names) and beside
    /// them stand only an empty first field or a column naming the series, and at most one other name, first or last.
    /// A first line with a mistyped value is therefore still read as a series, and its error reported, never taken for
    /// a header.
    /// </summary>
    public static bool HasHeader(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        CsvRecord? first;
        try
        {
            char separator = CsvSeparator.Resolve(ref text);
            first = CsvRecords.Read(text, separator, "").FirstOrDefault();
        }
        catch (DataFormatException)
        {
            return false;
        }
        if (first is null || first.Count < 2)
            return false;
        var fields = Enumerable.Range(0, first.Count).Select(i => first.Field(i).Trim()).ToArray();
        var values = Enumerable.Range(0, fields.Length)
            .Where(i => fields[i].Length > 0 && SeriesValueText.TryRead(fields[i], out _))
            .ToArray();
        if (values.Length == 0)
            return fields.Count(field => field.Length > 0) >= 2;
        if (values.Length < 2 || !int.TryParse(fields[values[0]], out int step) || step is not (0 or 1))
            return false;
        for (int k = 1; k < values.Length; k++)
            if (values[k] != values[0] + k || !int.TryParse(fields[values[k]], out int next) || next != step + k)
                return false;
        // Beside the step numbers: an empty first field (the row index) or a column naming the series, and at most
        // one other name (the class), first or last.
        var others = Enumerable.Range(0, fields.Length).Except(values).ToArray();
        return others.Length is 1 or 2
            && others.All(i => i == 0 || i == fields.Length - 1)
            && others.Count(i => fields[i].Length > 0 && !IsIdName(fields[i])) <= 1;
    }

    /// <summary>
    /// Reads a table of series with a header line; <paramref name="source"/> names it in messages. With
    /// <paramref name="requireLabels"/> false a table without a class column (series to be labelled) is read too,
    /// each label empty. <paramref name="labelColumn"/> and <paramref name="idColumn"/> name the class column and the
    /// column naming the series where their names are others than those above (<c>activity</c>, <c>recording</c>).
    /// </summary>
    /// <exception cref="DataFormatException">The text is malformed, or a named column is not in the header.</exception>
    public static TimeSeriesDataset Parse(
        string text,
        string source,
        bool requireLabels = true,
        string? labelColumn = null,
        string? idColumn = null
    )
    {
        ArgumentNullException.ThrowIfNull(text);
        char separator = CsvSeparator.Resolve(ref text);
        var all = CsvRecords.Read(text, separator, source).ToList();
        if (all.Count == 0)
            throw new DataFormatException(source, 1, 1, "the file is empty; it needs a header line and a series.");
        var header = all[0];
        var records = all.Skip(1).ToList();
        var names = Enumerable.Range(0, header.Count).Select(i => header.Field(i).Trim()).ToArray();
        int label = labelColumn is null
            ? LabelColumn(header, names, records, separator, source, requireLabels)
            : Named(header, names, labelColumn, "the class column", source);
        // A column naming the series: repeated, the rows are steps (the long format); else each row is a series
        // and the column is no step of it.
        int id = idColumn is null
            ? Array.FindIndex(names, IsIdName)
            : Named(header, names, idColumn, "the column naming the series", source);
        var steps = Enumerable
            .Range(0, names.Length)
            .Where(i => i != label && i != id && names[i].Length > 0)
            .ToArray();
        if (id >= 0 && id != label)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in records.Where(r => r.Count > id))
            {
                string name = record.Field(id).Trim();
                if (seen.TryAdd(name, record.FirstLine))
                    continue;
                // Columns named 0, 1, 2, ... are steps (pandas' column names): a series named twice there is a
                // repeated row, not a step.
                if (steps.All(i => int.TryParse(names[i], out _)))
                    throw record.Problem(
                        id,
                        source,
                        $"the series '{name}' in column '{names[id]}' was already on line {seen[name]}; each row of "
                            + "this table is one series."
                    );
                return LongSeriesCsv.Read(header, names, records, id, label, separator, source);
            }
        }
        if (steps.Length == 0)
            throw header.Problem(label, source, "the header names no column of values.");
        var series = new List<float[]>();
        var labels = new List<string>();
        var sourceLines = new List<int>();
        foreach (var record in records)
        {
            record.RequireFields(names.Length, source, separator);
            var values = new float[steps.Length];
            for (int s = 0; s < steps.Length; s++)
            {
                values[s] = record.SeriesValue(steps[s], separator, source, names[steps[s]]);
            }
            int length = SeriesPadding.StepsBefore(values, 1);
            if (length == 0)
                throw record.Problem(steps[0], source, "every value of the series is missing.");
            var name = label < 0 ? "" : record.Field(label).Trim();
            if (name.Length == 0 && label >= 0)
                throw record.Problem(label, source, $"the series has no class in column '{names[label]}'.");
            series.Add(values[..length]);
            labels.Add(label < 0 ? "" : UcrArchiveFile.Label(name));
            sourceLines.Add(record.FirstLine);
        }
        if (series.Count == 0)
            throw header.Problem(0, source, "the file holds a header line and no series.");
        return new TimeSeriesDataset(source, channels: 1, [.. series], [.. labels], [.. sourceLines]);
    }

    private static bool IsIdName(string name) => LongSeriesCsv.IdNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    // The column of the header called `name`, which the caller gave for `role`.
    private static int Named(CsvRecord header, string[] names, string name, string role, string source)
    {
        int at = Array.IndexOf(names, name.Trim());
        if (at >= 0)
            return at;
        throw header.Problem(
            0,
            source,
            $"no column '{InvisibleCharacters.Show(name)}' ({role}); the columns are: "
                + $"{InvisibleCharacters.ShowNames(names)}."
        );
    }

    // The column named as the label; -1 when there is none and none is required.
    private static int LabelColumn(
        CsvRecord header,
        string[] names,
        IReadOnlyList<CsvRecord> records,
        char separator,
        string source,
        bool required
    )
    {
        var named = Enumerable
            .Range(0, names.Length)
            .Where(i => LabelNames.Contains(names[i], StringComparer.OrdinalIgnoreCase))
            .ToArray();
        if (named.Length > 1)
            throw header.Problem(
                named[1],
                source,
                $"two columns could hold the class ('{names[named[0]]}' and '{names[named[1]]}'); rename one."
            );
        if (named.Length == 0 && !required)
            return -1;
        if (named.Length == 0)
        {
            // The named columns whose first row holds text: where a class or a series' name would be.
            var texts = Enumerable
                .Range(0, names.Length)
                .Where(i => names[i].Length > 0 && records.Count > 0 && records[0].Count > i)
                .Where(i => !SeriesValueText.TryRead(records[0].Field(i).Trim(), separator, out _))
                .Select(i => $"'{InvisibleCharacters.Show(names[i])}'")
                .ToArray();
            throw header.Problem(
                0,
                source,
                "no column is named 'label', 'class', 'target' or 'y'; name the column that holds the class so, or "
                    + "give its name (ClassificationFile.Read's labelColumn; recurrent: --label-column NAME)"
                    + (texts.Length > 0 ? $"; the columns holding text are {string.Join(", ", texts)}" : "")
                    + " (a column taken for the class by its place would drop a step of every series, unnoticed, "
                    + "from a table without one)."
            );
        }
        return named[0];
    }

}
