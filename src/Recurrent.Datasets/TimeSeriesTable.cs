namespace Recurrent.Datasets;

/// <summary>
/// A regular multivariate series read from a CSV file: <see cref="Values"/> is <c>[rows, C]</c> row-major, one row
/// per time step, with the time of each row, an optional per-row text label, and, when missing values are masked,
/// which values were observed.
/// </summary>
public sealed class TimeSeriesTable
{
    internal TimeSeriesTable(
        string source,
        string[] columns,
        float[] values,
        bool[]? observed,
        DateTime[]? times,
        long[]? index,
        string[]? labels,
        string step,
        bool newestFirst,
        bool sortedByTime,
        string? timesReadAs,
        int stepsInserted,
        int headerLine,
        int linesBelowSkipped
    )
    {
        Source = source;
        Columns = columns;
        Values = values;
        Observed = observed;
        Times = times;
        Index = index;
        Labels = labels;
        Step = step;
        NewestFirst = newestFirst;
        SortedByTime = sortedByTime;
        TimesReadAs = timesReadAs;
        StepsInserted = stepsInserted;
        HeaderLine = headerLine;
        LinesBelowSkipped = linesBelowSkipped;
    }

    /// <summary>The file the series came from.</summary>
    public string Source { get; }

    /// <summary>The names of the value columns, one per channel.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>C, the number of value columns.</summary>
    public int Channels => Columns.Count;

    /// <summary>The number of time steps.</summary>
    public int Rows => Values.Length / Channels;

    /// <summary>The values, <c>[rows, C]</c> row-major; NaN where a value is missing and masked.</summary>
    public float[] Values { get; }

    /// <summary>
    /// With <see cref="MissingValuePolicy.Mask"/>, whether each value was observed (<c>[rows, C]</c>); otherwise null.
    /// </summary>
    public bool[]? Observed { get; }

    /// <summary>The date and time of each row when the time is a date, else null.</summary>
    public DateTime[]? Times { get; }

    /// <summary>The index of each row when the time is a whole number (or the row number), else null.</summary>
    public long[]? Index { get; }

    /// <summary>The text label of each row when a label column was read, else null.</summary>
    public string[]? Labels { get; }

    /// <summary>The interval between rows, in words (for example "1 month", "1 day", "1 hour", "1").</summary>
    public string Step { get; }

    /// <summary>
    /// Whether the file listed its newest row first (as many exports do) and was read from its last row up; the
    /// rows here are always oldest first.
    /// </summary>
    public bool NewestFirst { get; }

    /// <summary>
    /// Whether the file's rows were out of time order (blocks of months in the wrong order, say) and were read
    /// sorted by time, as Prophet and Darts read a table; the rows here are always oldest first.
    /// </summary>
    public bool SortedByTime { get; }

    /// <summary>
    /// How the whole numbers of the time column were read as times (<c>Unix time in seconds</c>, <c>dates written
    /// yyyyMMdd</c>); null when the column wrote dates as dates, or is an index of rows.
    /// </summary>
    public string? TimesReadAs { get; }

    /// <summary>
    /// The steps missing between the file's rows that <see cref="TimeSeriesCsvOptions.FillGaps"/> inserted as missing
    /// values; 0 without it.
    /// </summary>
    public int StepsInserted { get; }

    /// <summary>
    /// The line of the file's header: 1, or later when lines above it (a title, a source, a unit, as statistics
    /// offices write them) were skipped.
    /// </summary>
    public int HeaderLine { get; }

    /// <summary>
    /// The lines below the table that were skipped: a total, a source or a footnote after the last row (lines whose
    /// time, or first value, holds no digit, and lines of one field), as spreadsheets and statistics offices write
    /// them; 0 when the table ends the file.
    /// </summary>
    public int LinesBelowSkipped { get; }

    /// <summary>The values of one column, by name.</summary>
    /// <exception cref="KeyNotFoundException">No value column has that name.</exception>
    public float[] Column(string name)
    {
        int channel = Columns.ToList().IndexOf(name);
        if (channel < 0)
            throw new KeyNotFoundException(
                $"{Source} has no value column '{name}' (read: {string.Join(", ", Columns)})."
            );
        var column = new float[Rows];
        for (int r = 0; r < Rows; r++)
            column[r] = Values[r * Channels + channel];
        return column;
    }

    /// <summary>
    /// Fits a scaler on the first <paramref name="trainRows"/> rows only, so the held-out tail stays unseen.
    /// </summary>
    public ChannelScaler FitScaler(ScalingKind kind, int trainRows)
    {
        if (trainRows < 1 || trainRows > Rows)
            throw new ArgumentOutOfRangeException(
                nameof(trainRows),
                $"{Source} has {Rows} rows; {trainRows} cannot be the training part."
            );
        return ChannelScaler.Fit(
            [Values[..(trainRows * Channels)]],
            Channels,
            kind,
            $"{Source} (first {trainRows} rows)"
        );
    }

    /// <summary>A copy with <paramref name="scaler"/> applied to every row; missing values stay missing.</summary>
    public TimeSeriesTable Transform(ChannelScaler scaler)
    {
        if (scaler.Channels != Channels)
            throw new ArgumentException(
                $"{Source}: the scaler has {scaler.Channels} channels, the table {Channels}.",
                nameof(scaler)
            );
        var scaled = (float[])Values.Clone();
        scaler.Transform(scaled);
        return new TimeSeriesTable(
            Source,
            [.. Columns],
            scaled,
            Observed,
            Times,
            Index,
            Labels,
            Step,
            NewestFirst,
            SortedByTime,
            TimesReadAs,
            StepsInserted,
            HeaderLine,
            LinesBelowSkipped
        );
    }
}
