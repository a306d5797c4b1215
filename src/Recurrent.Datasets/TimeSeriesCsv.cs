using nietras.SeparatedValues;
using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// Reads a regular time series from a CSV file with a header line: a time column (dates, a whole-number index, or whole
/// numbers that are dates or Unix times, <see cref="TimeSeriesTable.TimesReadAs"/>; or year/month/day/hour columns),
/// the chosen numeric columns, and optionally a text label column. The file may be separated by commas, semicolons
/// (with decimal commas) or tabs, told from the header unless <see cref="TimeSeriesCsvOptions.Separator"/> says (or
/// Excel's first line <c>sep=;</c>); fields may be quoted (RFC 4180), also across lines; CRLF line ends and a UTF-8
/// byte-order mark are read, and <see cref="Read"/> reads the encodings spreadsheets save in (UTF-8, UTF-16 with its
/// mark, else Windows-1252). Lines above the header (a title, a source) are skipped when a later line names the
/// columns (<see cref="TimeSeriesTable.HeaderLine"/>), and lines below the table (a total, a footnote) when no row
/// follows them (<see cref="TimeSeriesTable.LinesBelowSkipped"/>). Rows must be evenly spaced in time: a gap or a
/// repeated time is refused unless <see cref="TimeSeriesCsvOptions.FillGaps"/> inserts the missing steps; a file whose
/// times all decrease (newest first) is read from its last row up (<see cref="TimeSeriesTable.NewestFirst"/>), and one
/// whose rows are otherwise out of time order is read sorted by time (<see cref="TimeSeriesTable.SortedByTime"/>).
/// Missing values are refused, filled or masked (<see cref="MissingValuePolicy"/>). Every problem is a
/// <see cref="DataFormatException"/> naming the file and the physical line and column, with invisible characters in
/// names and values shown as escapes (<c>\r</c>, <c>\uFEFF</c>).
/// </summary>
public static partial class TimeSeriesCsv
{
    // The most lines looked through above the header for one naming the columns.
    private const int LinesAboveTheHeader = 20;

    /// <summary>Reads the file at <paramref name="path"/> (UTF-8, or as its byte-order mark says).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// A column is missing, a value is not a number or a date, the quoting is broken, the time is irregular, or a
    /// value is missing under <see cref="MissingValuePolicy.Refuse"/>.
    /// </exception>
    public static TimeSeriesTable Read(string path, TimeSeriesCsvOptions options) =>
        Parse(TextOf(path), path, options);

    /// <summary>
    /// Reads the lines of a CSV file, as if joined by line feeds; <paramref name="source"/> names it in messages.
    /// </summary>
    /// <exception cref="DataFormatException">As <see cref="Read"/>.</exception>
    public static TimeSeriesTable Parse(IEnumerable<string> lines, string source, TimeSeriesCsvOptions options) =>
        Parse(string.Join('\n', lines), source, options);

    /// <summary>
    /// The names of the columns of <paramref name="path"/>'s header line, read as <see cref="Read"/> reads it (the
    /// separator <paramref name="separator"/>, or told from the file), so that a program can choose the columns of a
    /// file it was not told about. The header is the first line, unless the lines above the table (a title, a
    /// source, as Google Trends and statistics offices write them) have fewer fields than most of the first 21: then
    /// it is the first line with as many as those.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is empty, or its first line's quoting is broken.</exception>
    public static IReadOnlyList<string> ColumnNames(string path, char? separator = null) =>
        ParseColumnNames(TextOf(path), path, separator);

    private static string TextOf(string path) =>
        File.Exists(path)
            ? SpreadsheetText.Read(path)
            : throw new FileNotFoundException($"The CSV file '{path}' does not exist.", path);

    /// <summary>
    /// The columns of <paramref name="path"/> (its header found as <see cref="ColumnNames"/> finds it) whose values
    /// on the next lines, up to 20, all read as dates or times, and none as a plain number: what a program can offer
    /// as the time column where it was not named, without guessing it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is empty, or its quoting is broken.</exception>
    public static IReadOnlyList<string> DateColumns(string path, char? separator = null)
    {
        var (header, below) = HeaderAndBelow(TextOf(path), path, separator);
        return below.Length == 0
            ? []
            :
            [
                .. Enumerable
                    .Range(0, header.Count)
                    .Where(c => below.All(r => c < r.Count && DateColumn.ReadsAsDate(r.Field(c).Trim())))
                    .Select(c => header.Field(c).Trim()),
            ];
    }

    /// <summary>
    /// As <see cref="ColumnNames"/>, for the text of a CSV file; <paramref name="source"/> names it in messages.
    /// </summary>
    /// <exception cref="DataFormatException">The text is empty, or its first line's quoting is broken.</exception>
    public static IReadOnlyList<string> ParseColumnNames(string text, string source, char? separator = null)
    {
        var (header, _) = HeaderAndBelow(text, source, separator);
        return [.. Enumerable.Range(0, header.Count).Select(i => header.Field(i).Trim())];
    }

    // The header line of ColumnNames and the records after it among the first 21.
    private static (CsvRecord Header, CsvRecord[] Below) HeaderAndBelow(string text, string source, char? separator)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.TrimStart('\uFEFF');
        char resolved = CsvSeparator.Resolve(ref text, separator);
        var records = CsvRecords.Read(text, resolved, source).Take(LinesAboveTheHeader + 1).ToArray();
        if (records.Length == 0)
            throw new DataFormatException(
                source,
                1,
                1,
                "the file is empty; a header line naming the columns comes first."
            );
        int tableWidth = records.GroupBy(r => r.Count).MaxBy(g => g.Count())!.Key;
        int at = records[0].Count < tableWidth ? Array.FindIndex(records, r => r.Count == tableWidth) : 0;
        return (records[at], records[(at + 1)..]);
    }

    /// <summary>Reads the text of a CSV file; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="DataFormatException">As <see cref="Read"/>.</exception>
    public static TimeSeriesTable Parse(string text, string source, TimeSeriesCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        Validate(options);
        if (text.StartsWith('\uFEFF'))
            text = text[1..];
        char separator = CsvSeparator.Resolve(ref text, options.Separator);

        string[]? header = null;
        int headerLine = 1;
        int[] valueAt = [],
            timePartsAt = [],
            whereAt = [],
            telling = []; // where a row's time and values stand, which tell a row from a note below the table
        int? timeAt = null,
            labelAt = null;
        var rows = new List<CsvRow>();
        var notes = new List<CsvRecord>();
        var markers = options.MissingTokens.Where(t => t.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool IsRowLike(string field) => field.Any(char.IsAsciiDigit) || markers.Contains(field);
        void AddRow(CsvRecord record)
        {
            if (record.Count != header!.Length)
                throw new DataFormatException(
                    source,
                    record.FirstLine,
                    1,
                    $"{record.Count} fields, but the header has {header.Length} columns (separated by "
                        + $"'{InvisibleCharacters.Show(separator.ToString())}')."
                        + record.ThousandsAdvice(separator)
                );
            CsvCell Cell(int i)
            {
                var (line, column) = record.PositionOf(i);
                return new CsvCell(record.Field(i).Trim(), line, column);
            }
            rows.Add(
                new CsvRow(
                    record.FirstLine,
                    timeAt is int t ? [Cell(t)] : [.. timePartsAt.Select(Cell)],
                    [.. valueAt.Select(Cell)],
                    labelAt is int l ? record.Field(l).Trim() : null
                )
            );
        }
        // The records are read as they come (a file of millions of rows is not held twice); the few that may stand
        // above the header are read once more to find it.
        var records = CsvRecords.Read(text, separator, source);
        int first = HeaderAt([.. records.Take(LinesAboveTheHeader + 1)], options);
        foreach (var record in records.Skip(first))
        {
            if (header is null)
            {
                header = [.. Enumerable.Range(0, record.Count).Select(i => record.Field(i).Trim())];
                headerLine = record.FirstLine;
                int Find(string name, string role) => FindColumn(header, name, role, separator, source, headerLine);
                valueAt = [.. options.ValueColumns.Select(c => Find(c, "value column"))];
                timeAt = options.TimeColumn is null ? null : Find(options.TimeColumn, "time column");
                timePartsAt = [.. options.TimeColumns?.Select(c => Find(c, "time column")) ?? []];
                labelAt = options.LabelColumn is null ? null : Find(options.LabelColumn, "label column");
                whereAt = [.. options.Where.Select(w => Find(w.Column, "column of the series to read"))];
                telling = [.. timeAt is int at ? [at] : timePartsAt, .. valueAt];
                continue;
            }
            if (record.Count == header.Length && !IsWanted(record, whereAt, options.Where))
                continue;
            // A line of text, or one without a number (or a missing-value marker) where the time and the values stand,
            // may be a note below the table (a source, a footnote, an empty line of separators): it waits until a row
            // follows.
            bool mayBeNote =
                record.Count == 1 && header.Length > 1
                || !telling.Any(i => i < record.Count && IsRowLike(record.Field(i).Trim()));
            if (mayBeNote)
            {
                notes.Add(record);
                continue;
            }
            foreach (var note in notes)
                AddRow(note);
            notes.Clear();
            AddRow(record);
        }
        if (header is null)
            throw new DataFormatException(
                source,
                1,
                1,
                "the file is empty; a header line naming the columns comes first."
            );
        // Notes with no row after them stand below the table (a total, a source, a footnote): they are skipped, unless
        // there is no row at all, when they are read as rows for the errors to say what is wrong with them.
        if (rows.Count == 0)
        {
            foreach (var note in notes)
                AddRow(note);
            notes.Clear();
        }
        return Build(rows, header, valueAt, timeAt, separator, options, source, (headerLine, notes.Count));
    }

    // Lines that statistics offices put above the header (a title, the source, the unit) are skipped: the header is
    // the first of the first few records that holds every column named in the options, or else the first record.
    private static int HeaderAt(IReadOnlyList<CsvRecord> records, TimeSeriesCsvOptions options)
    {
        string[] named =
        [
            .. options.ValueColumns,
            .. options.TimeColumns ?? [],
            .. options.Where.Select(w => w.Column),
            .. new[] { options.TimeColumn, options.LabelColumn }.OfType<string>(),
        ];
        for (int r = 0; r < records.Count; r++)
        {
            var fields = Enumerable.Range(0, records[r].Count).Select(i => records[r].Field(i).Trim()).ToHashSet();
            if (named.All(fields.Contains))
                return r;
        }
        return 0;
    }

    private static void Validate(TimeSeriesCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ValueColumns.Count == 0)
            throw new ArgumentException("Choose at least one value column.", nameof(options));
        if (options.TimeColumn is not null && options.TimeColumns is { Count: > 0 })
            throw new ArgumentException(
                "Give either a time column or time columns (year, month, day, hour), not both.",
                nameof(options)
            );
        if (options.TimeColumns is { Count: > 4 })
            throw new ArgumentException(
                "Time columns compose year, month, day and hour: at most four.",
                nameof(options)
            );
        if (options.FillGaps && options.Missing == MissingValuePolicy.Refuse)
            throw new ArgumentException(
                "Filling the gaps inserts missing values: choose how to fill or mask them "
                    + $"({options.OptionNames.Missing}).",
                nameof(options)
            );
        if (options.FillGaps && options.LabelColumn is not null)
            throw new ArgumentException(
                "The steps filled into gaps would have no label: fill the gaps of a labelled series in the file.",
                nameof(options)
            );
        if (options.Separator is not char separator)
            return;
        try
        {
            _ = new Sep(separator);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"'{InvisibleCharacters.Show(separator.ToString())}' cannot separate CSV fields ({e.Message}); "
                    + "give ',', ';' or a tab.",
                nameof(options),
                e
            );
        }
    }

    private static int FindColumn(string[] header, string name, string role, char separator, string source, int line)
    {
        int at = Array.IndexOf(header, name);
        if (at >= 0)
            return at;
        string problem =
            $"no column '{InvisibleCharacters.Show(name)}' ({role}); the columns are: "
            + $"{InvisibleCharacters.ShowNames(header)}.";
        var nearMiss = header.FirstOrDefault(h => InvisibleCharacters.Strip(h) == InvisibleCharacters.Strip(name));
        string others = string.Concat(new[] { ',', ';', '\t' }.Where(c => c != separator && header[0].Contains(c)));
        if (nearMiss is not null)
            problem +=
                $" '{InvisibleCharacters.Show(nearMiss)}' differs from it only in invisible characters or " + "spaces.";
        else if (header.Length == 1 && others.Length > 0)
            problem +=
                $" The header was not split at '{InvisibleCharacters.Show(separator.ToString())}': is the "
                + $"separator '{InvisibleCharacters.Show(others)}'?";
        throw new DataFormatException(source, line, 1, problem);
    }

    private static TimeSeriesTable Build(
        List<CsvRow> rows,
        string[] header,
        int[] valueAt,
        int? timeAt,
        char separator,
        TimeSeriesCsvOptions options,
        string source,
        (int HeaderLine, int LinesBelow) around
    )
    {
        var missingTokens = new HashSet<string>(options.MissingTokens, StringComparer.OrdinalIgnoreCase);
        string markers = string.Join(", ", options.MissingTokens.Select(t => $"'{t}'"));
        string[] valueNames = [.. valueAt.Select(at => header[at])];
        int channels = valueAt.Length;
        var values = new List<float>();
        var placeOf = new List<(int Line, int Column)>();
        var timeLineOf = new List<int>();
        var timeColumnOf = new List<int>();
        var labels = new List<string>();
        var dates = new List<DateTime>();
        var index = new List<long>();
        // A date column and a time-of-day column (16/12/2006 and 17:24:00, as loggers write them) are read as one
        // column of dates with their times.
        bool joined =
            options.TimeColumns is { Count: 2 }
            && rows.Count > 0
            && !DateColumn.IsWholeNumber(rows[0].Time[0].Text, out _);
        if (joined)
            rows = [.. rows.Select(r => r with { Time = [JoinedTime(r.Time)] })];
        bool composed = !joined && options.TimeColumns is { Count: > 0 };
        string? timeHeader = timeAt is int at ? header[at]
            : joined ? string.Join(" and ", options.TimeColumns!)
            : null;
        bool single = timeHeader is not null;
        var dateColumn = single
            ? DateColumn.Decide([.. rows.Select(r => r.Time[0])], timeHeader!, options.DayFirst, source, StepsEvenly)
            : null;
        bool timeIsDate = composed || dateColumn is not null;
        string timeName = InvisibleCharacters.Show(timeHeader ?? "");

        // Whether every row's time reads under `reading` and the times step evenly, forwards or backwards.
        bool StepsEvenly(DateColumn reading)
        {
            var times = new List<DateTime>(rows.Count);
            foreach (var row in rows)
            {
                if (!reading.TryParse(row.Time[0].Text, out var time))
                    return false;
                times.Add(time);
            }
            return TimeSteps.IsRegular(times) || TimeSteps.IsRegular([.. Enumerable.Reverse(times)]);
        }

        // Many exports list the newest row first: a file whose times all decrease is read from its last row up.
        // Times that do not read leave the order alone, for the loop below to report.
        long? KeyOf(CsvRow row)
        {
            if (composed)
            {
                try
                {
                    return ComposeTime(row.Time, options.TimeColumns!, source).Ticks;
                }
                catch (DataFormatException)
                {
                    return null;
                }
            }
            if (!single)
                return null;
            if (dateColumn is not null)
                return dateColumn.TryParse(row.Time[0].Text, out var date) ? date.Ticks : null;
            return DateColumn.IsWholeNumber(row.Time[0].Text, out long position) ? position : null;
        }
        // Rows otherwise out of order (blocks of a year in the wrong order, say) are read sorted by time, as Prophet
        // and Darts read a table, unless a time repeats (several series, or an hour read twice when the clocks go
        // back) or steps back by an hour at most in the night (a clock put back): those are left for the check to
        // report at their line, with its advice.
        var keys = rows.Select(KeyOf).ToArray();
        bool allRead = keys.Length > 1 && keys.All(k => k is not null);
        var stepsBack = Enumerable.Range(1, Math.Max(0, keys.Length - 1)).Where(r => keys[r] < keys[r - 1]).ToArray();
        bool newestFirst = allRead && stepsBack.Length == keys.Length - 1;
        bool ClockPutBack(int r) =>
            timeIsDate && keys[r - 1] - keys[r] <= TimeSpan.TicksPerHour && new DateTime(keys[r - 1]!.Value).Hour < 4;
        bool sortedByTime =
            allRead
            && !newestFirst
            && stepsBack.Length > 0
            && !stepsBack.Any(ClockPutBack)
            && keys.Distinct().Count() == keys.Length;
        if (newestFirst)
            rows.Reverse();
        if (sortedByTime)
        {
            var inOrder = Enumerable.Range(0, rows.Count).OrderBy(r => keys[r]).Select(r => rows[r]).ToArray();
            rows.Clear();
            rows.AddRange(inOrder);
        }
        foreach (var row in rows)
        {
            DateTime date = default;
            long position = timeLineOf.Count;
            if (composed)
                date = ComposeTime(row.Time, options.TimeColumns!, source);
            else if (single)
            {
                var cell = row.Time[0];
                string shown = InvisibleCharacters.Show(cell.Text);
                if (dateColumn is not null && !dateColumn.TryParse(cell.Text, out date))
                    throw new DataFormatException(
                        source,
                        cell.Line,
                        cell.Column,
                        $"'{shown}' in column '{timeName}' is not a date ({DateColumn.Expected})."
                            + (
                                row == rows[^1] && !cell.Text.Any(char.IsAsciiDigit)
                                    ? " If the line is a total below the table, delete it: a line below the table is "
                                        + "skipped only where it holds no number."
                                    : ""
                            )
                    );
                if (dateColumn is null && !DateColumn.IsWholeNumber(cell.Text, out position))
                    throw new DataFormatException(
                        source,
                        cell.Line,
                        cell.Column,
                        $"'{shown}' in the index column '{timeName}' is not a whole number like the rows before it."
                    );
            }
            if (options.From is DateTime from)
            {
                if (!timeIsDate)
                    throw new ArgumentException(
                        $"{source}: {options.OptionNames.From} needs a date time column; this file's time is an index.",
                        nameof(options)
                    );
                if (date < from)
                    continue;
            }
            if (timeIsDate)
                dates.Add(date);
            else
                index.Add(position);
            timeLineOf.Add(row.Time.Length > 0 ? row.Time[0].Line : row.Line);
            timeColumnOf.Add(row.Time.Length > 0 ? row.Time[0].Column : 1);
            for (int c = 0; c < channels; c++)
            {
                var cell = row.Values[c];
                placeOf.Add((cell.Line, cell.Column));
                if (missingTokens.Contains(cell.Text))
                    values.Add(float.NaN);
                else if (SpreadsheetNumber.TryParse(cell.Text, separator, out float v))
                    values.Add(v);
                else
                    throw new DataFormatException(
                        source,
                        cell.Line,
                        cell.Column,
                        $"'{InvisibleCharacters.Show(cell.Text)}' in column "
                            + $"'{InvisibleCharacters.Show(valueNames[c])}' is not a number "
                            + $"(nor a missing-value marker: {markers})."
                            + SpreadsheetNumber.BoundAdvice(cell.Text, separator, options.OptionNames.MissingMarker)
                    );
            }
            if (row.Label is not null)
                labels.Add(row.Label);
        }
        if (timeLineOf.Count == 0)
            throw new DataFormatException(
                source,
                around.HeaderLine + 1,
                1,
                options.Where.Count > 0
                    ? "no data rows with "
                        + string.Join(" and ", options.Where.Select(InColumn))
                        + (options.From is DateTime after ? $" at or after {TimeSteps.Format(after)}." : ".")
                : options.From is DateTime start ? $"no data rows at or after {TimeSteps.Format(start)}."
                : "no data rows after the header."
            );

        int stepsInserted = !options.FillGaps ? 0
            : timeIsDate ? TimeGaps.Fill(Rows(dates), source)
            : TimeGaps.Fill(Rows(index), source);
        TimeRows<T> Rows<T>(List<T> times) => new(channels, times, values, placeOf, timeLineOf, timeColumnOf);
        string step = timeIsDate
            ? TimeSteps.Check(dates, timeLineOf, timeColumnOf, source, options.OptionNames)
            : TimeSteps.Check(index, timeLineOf, timeColumnOf, source, options.OptionNames);
        var data = values.ToArray();
        var observed = MissingValues.Apply(
            data,
            valueNames,
            options.Missing,
            placeOf,
            source,
            options.OptionNames.Missing
        );
        return new TimeSeriesTable(
            source,
            [.. options.ValueColumns],
            data,
            observed,
            timeIsDate ? [.. dates] : null,
            timeIsDate ? null : [.. index],
            options.LabelColumn is null ? null : [.. labels],
            step,
            newestFirst,
            sortedByTime,
            dateColumn?.WholeNumbersAs,
            stepsInserted,
            around.HeaderLine,
            around.LinesBelow
        );
    }

    // A value wanted in a column, as messages say it.
    private static string InColumn((string Column, string Value) wanted) =>
        $"'{InvisibleCharacters.Show(wanted.Value)}' in column '{InvisibleCharacters.Show(wanted.Column)}'";

    // Whether the record holds the wanted value in every column of `at`.
    private static bool IsWanted(CsvRecord record, int[] at, IReadOnlyList<(string Column, string Value)> wanted)
    {
        for (int k = 0; k < at.Length; k++)
            if (record.Field(at[k]).Trim() != wanted[k].Value.Trim())
                return false;
        return true;
    }

    // A date and a time of day in two cells, as one cell of both at the place of the date.
    private static CsvCell JoinedTime(CsvCell[] cells) =>
        new($"{cells[0].Text} {HourOfDay(cells[1].Text)}", cells[0].Line, cells[0].Column);

    // An hour written as a whole number, 0 to 24 (a logger's hour of the day, energy data's hour ending 1 to 24), as
    // a time of day; any other text as it is.
    private static string HourOfDay(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int hour) && hour <= 24
            ? $"{hour:00}:00"
            : text;

    private static DateTime ComposeTime(CsvCell[] cells, IReadOnlyList<string> names, string source)
    {
        Span<int> parts = [1, 1, 1, 0];
        for (int p = 0; p < cells.Length; p++)
        {
            if (!int.TryParse(cells[p].Text, NumberStyles.None, CultureInfo.InvariantCulture, out parts[p]))
                throw new DataFormatException(
                    source,
                    cells[p].Line,
                    cells[p].Column,
                    $"'{InvisibleCharacters.Show(cells[p].Text)}' in the time column "
                        + $"'{InvisibleCharacters.Show(names[p])}' is not a whole number."
                );
        }
        if (
            parts[0] < 1
            || parts[0] > 9999
            || parts[1] < 1
            || parts[1] > 12
            || parts[2] < 1
            || parts[2] > DateTime.DaysInMonth(parts[0], parts[1])
            || parts[3] > 23
        )
            throw new DataFormatException(
                source,
                cells[0].Line,
                cells[0].Column,
                $"year {parts[0]}, month {parts[1]}, day {parts[2]}, hour {parts[3]} is not a valid time."
            );
        return new DateTime(parts[0], parts[1], parts[2], parts[3], 0, 0);
    }
}
