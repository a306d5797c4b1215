using Recurrent.Data;

namespace Recurrent.Datasets;

/// <summary>
/// Reads labelled series written in the long format of a database export (and of tsfresh): one row per step, a
/// column naming the series (<c>id</c>, <c>series</c>, <c>series_id</c>, <c>case_id</c> or <c>sample_id</c>, any
/// case), optionally a column ordering its steps (<c>time</c>, <c>timestamp</c>, <c>date</c>, <c>step</c> or
/// <c>t</c>), the class in the column named as <see cref="WideSeriesCsv"/> names it, and every other named column a
/// channel. A series' rows need not be together; they are taken in the order of the file, which the order column,
/// when there is one, must follow. Numbers as <see cref="WideSeriesCsv"/> reads them; an empty cell, <c>?</c> or
/// <c>NaN</c> is missing. Every problem is a <see cref="DataFormatException"/> with the file, line and column.
/// </summary>
internal static class LongSeriesCsv
{
    /// <summary>The names of a column naming the series each row belongs to.</summary>
    public static readonly string[] IdNames = ["id", "series", "series_id", "case_id", "sample_id"];

    private static readonly string[] OrderNames = ["time", "timestamp", "date", "step", "t"];

    /// <summary>
    /// Reads the <paramref name="records"/> after <paramref name="header"/>, whose columns are
    /// <paramref name="names"/>, with the series named in column <paramref name="id"/> and the class in
    /// <paramref name="label"/> (-1: series to be labelled, without a class column; each label empty).
    /// </summary>
    public static TimeSeriesDataset Read(
        CsvRecord header,
        string[] names,
        IReadOnlyList<CsvRecord> records,
        int id,
        int label,
        char separator,
        string source
    )
    {
        int[] order = [.. Enumerable.Range(0, names.Length).Where(i => Named(names[i], OrderNames))];
        if (order.Length > 1)
            throw header.Problem(
                order[1],
                source,
                $"two columns could order the steps ('{names[order[0]]}' and '{names[order[1]]}'); rename one."
            );
        int[] channels =
        [
            .. Enumerable
                .Range(0, names.Length)
                .Where(i => i != id && i != label && !order.Contains(i) && names[i].Length > 0),
        ];
        if (channels.Length == 0)
            throw header.Problem(id, source, "the header names the series but no column of values.");
        var cases = new Dictionary<string, Case>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            record.RequireFields(names.Length, source, separator);
            string name = record.Field(id).Trim();
            if (name.Length == 0)
                throw record.Problem(id, source, $"the row names no series in column '{names[id]}'.");
            string labelText = label < 0 ? "" : record.Field(label).Trim();
            if (!cases.TryGetValue(name, out var series))
            {
                if (labelText.Length == 0 && label >= 0)
                    throw record.Problem(
                        label,
                        source,
                        $"the series '{name}' has no class in column '{names[label]}'."
                    );
                cases[name] = series = new Case(labelText, record.FirstLine);
            }
            else if (labelText != series.Label)
                throw record.Problem(
                    label,
                    source,
                    $"the series '{name}' is of the class '{series.Label}' on line {series.Line} but "
                        + $"'{labelText}' here; a series has one class."
                );
            if (order.Length == 1)
                series.CheckOrder(record, order[0], names[order[0]], name, source);
            foreach (int c in channels)
                series.Values.Add(record.SeriesValue(c, separator, source, names[c]));
        }
        if (cases.Count == 0)
            throw header.Problem(0, source, "the file holds a header line and no rows.");
        foreach (var (name, series) in cases)
            if (series.Values.All(float.IsNaN))
                throw new DataFormatException(
                    source,
                    series.Line,
                    1,
                    $"every value of the series '{name}' is missing."
                );
        return new TimeSeriesDataset(
            source,
            channels.Length,
            [.. cases.Values.Select(s => s.Values.ToArray())],
            [.. cases.Values.Select(s => s.Label.Length == 0 ? "" : UcrArchiveFile.Label(s.Label))],
            [.. cases.Values.Select(s => s.Line)]
        );
    }

    private static bool Named(string name, string[] names) => names.Contains(name, StringComparer.OrdinalIgnoreCase);

    // One series as its rows come: its class, its first line, its values step by step, and its last step's order.
    private sealed class Case(string label, int line)
    {
        private string? _lastOrder;

        public string Label { get; } = label;

        public int Line { get; } = line;

        public List<float> Values { get; } = [];

        // The order column's values must increase within a series: as numbers, as dates, or else as text.
        public void CheckOrder(CsvRecord record, int column, string columnName, string series, string source)
        {
            string text = record.Field(column).Trim();
            if (_lastOrder is not null && Compare(_lastOrder, text) >= 0)
                throw record.Problem(
                    column,
                    source,
                    $"the series '{series}' has '{InvisibleCharacters.Show(text)}' in column '{columnName}' after "
                        + $"'{InvisibleCharacters.Show(_lastOrder)}'; a series' rows must come in the order of its "
                        + "steps."
                );
            _lastOrder = text;
        }

        private static int Compare(string a, string b)
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            if (double.TryParse(a, invariant, out double x) && double.TryParse(b, invariant, out double y))
                return x.CompareTo(y);
            if (DateTime.TryParse(a, invariant, out var d) && DateTime.TryParse(b, invariant, out var e))
                return d.CompareTo(e);
            return string.CompareOrdinal(a, b);
        }
    }
}
