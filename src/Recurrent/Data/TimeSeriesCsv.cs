using System.Globalization;

namespace Recurrent.Data;

/// <summary>
/// Reads a regular time series from a CSV file with a header line: a time column (dates or a whole-number index, or
/// year/month/day/hour columns), the chosen numeric columns, and optionally a text label column. Rows must be evenly
/// spaced in time: a gap, a repeated or a backwards time is refused (no resampling is done). Missing values are
/// refused, filled or masked (<see cref="MissingValuePolicy"/>). Every problem is a <see cref="DataFormatException"/>
/// naming the file, line and column.
/// </summary>
public static class TimeSeriesCsv
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM", "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss",
        "yyyy/MM/dd", "yyyy/MM", "MMM d yyyy",
    ];

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A column is missing, a value is not a number, the time is irregular, or a value is missing under <see cref="MissingValuePolicy.Refuse"/>.</exception>
    public static TimeSeriesTable Read(string path, TimeSeriesCsvOptions options)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The CSV file '{path}' does not exist.", path);
        return Parse(File.ReadLines(path), path, options);
    }

    /// <summary>Reads the lines of a CSV file; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="DataFormatException">As <see cref="Read"/>.</exception>
    public static TimeSeriesTable Parse(IEnumerable<string> lines, string source, TimeSeriesCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ValueColumns.Count == 0) throw new ArgumentException("Choose at least one value column.", nameof(options));
        if (options.TimeColumn is not null && options.TimeColumns is { Count: > 0 })
            throw new ArgumentException("Give either a time column or time columns (year, month, day, hour), not both.", nameof(options));
        if (options.TimeColumns is { Count: > 4 })
            throw new ArgumentException("Time columns compose year, month, day and hour: at most four.", nameof(options));

        using var reader = lines.GetEnumerator();
        int lineNumber = 0;
        string? headerLine = null;
        while (reader.MoveNext())
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(reader.Current)) { headerLine = reader.Current; break; }
        }
        if (headerLine is null) throw new DataFormatException(source, 1, 1, "the file is empty; a header line naming the columns comes first.");
        int headerLineNumber = lineNumber;
        var header = CsvLine.Split(headerLine, source, headerLineNumber).Fields.Select(h => h.Trim()).ToArray();
        int Find(string name, string role)
        {
            int at = Array.IndexOf(header, name);
            if (at < 0)
                throw new DataFormatException(source, headerLineNumber, 1,
                    $"no column '{name}' ({role}); the columns are: {string.Join(", ", header)}.");
            return at;
        }
        var valueAt = options.ValueColumns.Select(c => Find(c, "value column")).ToArray();
        int? timeAt = options.TimeColumn is null ? null : Find(options.TimeColumn, "time column");
        var timePartsAt = options.TimeColumns?.Select(c => Find(c, "time column")).ToArray() ?? [];
        int? labelAt = options.LabelColumn is null ? null : Find(options.LabelColumn, "label column");
        var missingTokens = new HashSet<string>(options.MissingTokens, StringComparer.OrdinalIgnoreCase);

        int channels = valueAt.Length;
        var values = new List<float>();
        var lineOf = new List<int>();
        var timeColumnOf = new List<int>();
        var labels = new List<string>();
        var dates = new List<DateTime>();
        var index = new List<long>();
        bool? timeIsDate = timePartsAt.Length > 0 ? true : timeAt is null ? false : null;
        while (reader.MoveNext())
        {
            lineNumber++;
            var line = reader.Current;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var (fields, columns) = CsvLine.Split(line, source, lineNumber);
            if (fields.Length != header.Length)
                throw new DataFormatException(source, lineNumber, 1, $"{fields.Length} fields, but the header has {header.Length} columns.");
            DateTime date = default;
            long position = lineOf.Count;
            int timeColumn = 1;
            if (timePartsAt.Length > 0)
            {
                date = ComposeTime(fields, columns, header, timePartsAt, source, lineNumber);
                timeColumn = columns[timePartsAt[0]];
            }
            else if (timeAt is int t)
            {
                var text = fields[t].Trim();
                timeColumn = columns[t];
                timeIsDate ??= !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                if (timeIsDate == true && !DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                    throw new DataFormatException(source, lineNumber, timeColumn,
                        $"'{text}' in the time column '{header[t]}' is not a date ({string.Join(", ", DateFormats)}).");
                if (timeIsDate == false && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out position))
                    throw new DataFormatException(source, lineNumber, timeColumn,
                        $"'{text}' in the index column '{header[t]}' is not a whole number like the rows before it.");
            }
            if (options.From is DateTime from)
            {
                if (timeIsDate != true)
                    throw new ArgumentException($"{source}: TimeSeriesCsvOptions.From needs a date time column; this file's time is an index.", nameof(options));
                if (date < from) continue;
            }
            if (timeIsDate == true) dates.Add(date);
            else index.Add(position);
            timeColumnOf.Add(timeColumn);
            foreach (int at in valueAt)
            {
                var text = fields[at].Trim();
                if (missingTokens.Contains(text)) values.Add(float.NaN);
                else if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)) values.Add(v);
                else
                    throw new DataFormatException(source, lineNumber, columns[at],
                        $"'{text}' in column '{header[at]}' is not a number (nor a missing-value marker: {string.Join(", ", options.MissingTokens.Select(t => $"'{t}'"))}).");
            }
            if (labelAt is int l) labels.Add(fields[l].Trim());
            lineOf.Add(lineNumber);
        }
        int rows = lineOf.Count;
        if (rows == 0)
            throw new DataFormatException(source, lineNumber + 1, 1,
                options.From is null ? "no data rows after the header." : $"no data rows at or after {Format(options.From.Value)}.");

        string step = timeIsDate == true
            ? CheckRegular(dates, lineOf, timeColumnOf, source)
            : CheckRegular(index, lineOf, timeColumnOf, source);
        var data = values.ToArray();
        var observed = HandleMissing(data, channels, options, header, valueAt, lineOf, source);
        return new TimeSeriesTable(source, [.. options.ValueColumns], data, observed,
            timeIsDate == true ? [.. dates] : null, timeIsDate == true ? null : [.. index], labelAt is null ? null : [.. labels], step);
    }

    private static DateTime ComposeTime(string[] fields, int[] columns, string[] header, int[] partsAt, string source, int lineNumber)
    {
        Span<int> parts = [1, 1, 1, 0];
        for (int p = 0; p < partsAt.Length; p++)
        {
            var text = fields[partsAt[p]].Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out parts[p]))
                throw new DataFormatException(source, lineNumber, columns[partsAt[p]],
                    $"'{text}' in the time column '{header[partsAt[p]]}' is not a whole number.");
        }
        if (parts[0] < 1 || parts[0] > 9999 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > DateTime.DaysInMonth(parts[0], parts[1]) || parts[3] > 23)
            throw new DataFormatException(source, lineNumber, columns[partsAt[0]],
                $"year {parts[0]}, month {parts[1]}, day {parts[2]}, hour {parts[3]} is not a valid time.");
        return new DateTime(parts[0], parts[1], parts[2], parts[3], 0, 0);
    }

    private static string CheckRegular(List<DateTime> times, List<int> lineOf, List<int> columnOf, string source)
    {
        if (times.Count < 2) return "none (one row)";
        for (int r = 1; r < times.Count; r++)
        {
            if (times[r] <= times[r - 1])
                throw new DataFormatException(source, lineOf[r], columnOf[r],
                    $"the time {Format(times[r])} does not come after the previous row's {Format(times[r - 1])}; rows must be in increasing time order without repeats.");
        }
        // The step is the smallest interval between rows, so that a gap shows as a larger one wherever it is.
        // Month starts step by calendar months, whose lengths vary.
        bool monthly = times.All(t => t.Day == 1 && t.TimeOfDay == TimeSpan.Zero);
        int months = monthly ? Enumerable.Range(1, times.Count - 1).Min(r => MonthsBetween(times[r - 1], times[r])) : 0;
        var span = monthly ? TimeSpan.Zero : Enumerable.Range(1, times.Count - 1).Min(r => times[r] - times[r - 1]);
        string step = monthly ? (months % 12 == 0 ? Plural(months / 12, "year") : Plural(months, "month")) : Describe(span);
        for (int r = 1; r < times.Count; r++)
        {
            var expected = monthly ? times[r - 1].AddMonths(months) : times[r - 1] + span;
            if (times[r] == expected) continue;
            throw new DataFormatException(source, lineOf[r], columnOf[r],
                $"irregular time step: {Format(times[r - 1])} is followed by {Format(times[r])}, but the series steps by {step} " +
                $"(so {Format(expected)} was expected); rows are missing. Gaps are not resampled: " +
                "add the missing rows (with empty values, then fill or mask them)" + RegularTail(times, lineOf, monthly, months, span) + ".");
        }
        return step;
    }

    private static int MonthsBetween(DateTime a, DateTime b) => (b.Year - a.Year) * 12 + b.Month - a.Month;

    /// <summary>Where the last regular run of rows begins, as advice in the gap message, when it is long enough to be useful.</summary>
    private static string RegularTail(List<DateTime> times, List<int> lineOf, bool monthly, int months, TimeSpan span)
    {
        int last = times.Count - 1;
        while (last > 0 && times[last] == (monthly ? times[last - 1].AddMonths(months) : times[last - 1] + span)) last--;
        int tail = times.Count - last;
        return tail < 2 ? ""
            : $", or read only the regular part: the {tail} rows from {Format(times[last])} (line {lineOf[last]}) on, with TimeSeriesCsvOptions.From";
    }

    private static string CheckRegular(List<long> index, List<int> lineOf, List<int> columnOf, string source)
    {
        if (index.Count < 2) return "none (one row)";
        for (int r = 1; r < index.Count; r++)
        {
            if (index[r] <= index[r - 1])
                throw new DataFormatException(source, lineOf[r], columnOf[r],
                    $"the index {index[r]} does not come after the previous row's {index[r - 1]}; rows must be in increasing order without repeats.");
        }
        long step = Enumerable.Range(1, index.Count - 1).Min(r => index[r] - index[r - 1]);
        for (int r = 1; r < index.Count; r++)
        {
            if (index[r] - index[r - 1] == step) continue;
            throw new DataFormatException(source, lineOf[r], columnOf[r],
                $"irregular index step: {index[r - 1]} is followed by {index[r]}, but the series steps by {step} (so {index[r - 1] + step} was expected). " +
                "Gaps are not resampled: add the missing rows (with empty values, then fill or mask them) or use a regular series.");
        }
        return step.ToString(CultureInfo.InvariantCulture);
    }

    private static bool[]? HandleMissing(float[] data, int channels, TimeSeriesCsvOptions options, string[] header, int[] valueAt,
        List<int> lineOf, string source)
    {
        int rows = data.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            int first = -1, missing = 0;
            for (int r = 0; r < rows; r++)
            {
                if (float.IsNaN(data[r * channels + c])) { missing++; if (first < 0) first = r; }
            }
            if (missing == 0) continue;
            string column = header[valueAt[c]];
            if (missing == rows)
                throw new DataFormatException(source, lineOf[0], 1, $"the column '{column}' has no values at all (every row is missing).");
            if (options.Missing == MissingValuePolicy.Refuse)
                throw new DataFormatException(source, lineOf[first], 1,
                    $"the column '{column}' has {missing} missing value(s), the first on this line. Choose what to do with them: " +
                    "forward-fill, linear interpolation, or a mask (MissingValuePolicy).");
            if (options.Missing == MissingValuePolicy.ForwardFill) ForwardFill(data, rows, channels, c);
            else if (options.Missing == MissingValuePolicy.Interpolate) Interpolate(data, rows, channels, c);
        }
        if (options.Missing != MissingValuePolicy.Mask) return null;
        return Array.ConvertAll(data, x => !float.IsNaN(x));
    }

    private static void ForwardFill(float[] data, int rows, int channels, int c)
    {
        float last = float.NaN;
        for (int r = 0; r < rows; r++)
        {
            ref float x = ref data[r * channels + c];
            if (float.IsNaN(x)) x = last;
            else last = x;
        }
        FillLeading(data, rows, channels, c);
    }

    private static void Interpolate(float[] data, int rows, int channels, int c)
    {
        int previous = -1;
        for (int r = 0; r < rows; r++)
        {
            if (float.IsNaN(data[r * channels + c])) continue;
            if (previous >= 0 && r - previous > 1)
            {
                float a = data[previous * channels + c], b = data[r * channels + c];
                for (int k = previous + 1; k < r; k++)
                    data[k * channels + c] = a + (b - a) * (k - previous) / (r - previous);
            }
            previous = r;
        }
        for (int r = previous + 1; r < rows; r++) data[r * channels + c] = data[previous * channels + c];
        FillLeading(data, rows, channels, c);
    }

    private static void FillLeading(float[] data, int rows, int channels, int c)
    {
        int first = 0;
        while (float.IsNaN(data[first * channels + c])) first++;
        for (int r = 0; r < first; r++) data[r * channels + c] = data[first * channels + c];
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    private static string Describe(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? Plural((int)span.TotalDays, "day")
        : span.Ticks % TimeSpan.TicksPerHour == 0 ? Plural((int)span.TotalHours, "hour")
        : span.Ticks % TimeSpan.TicksPerMinute == 0 ? Plural((int)span.TotalMinutes, "minute")
        : span.ToString();

    private static string Format(DateTime time) =>
        time.ToString(time.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
