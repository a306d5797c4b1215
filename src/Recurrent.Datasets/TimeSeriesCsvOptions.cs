namespace Recurrent.Datasets;

/// <summary>
/// Which columns of a CSV file <see cref="TimeSeriesCsv"/> reads, and how. A record, so that a variant is written
/// with <c>with</c>.
/// </summary>
public sealed record TimeSeriesCsvOptions
{
    /// <summary>
    /// The column giving the time of each row: dates (<c>yyyy-MM</c>, <c>yyyy-MM-dd</c>, <c>yyyy-MM-dd HH:mm[:ss]</c>,
    /// <c>yyyy-MM-ddTHH:mm[:ss]</c>, <c>yyyy/MM/dd</c>, <c>dd.MM.yyyy</c>, <c>MMM d yyyy</c>, and <c>dd/MM/yyyy</c>
    /// or <c>MM/dd/yyyy</c>, see <see cref="DayFirst"/>) or a whole-number index (a year, a row number), unless every
    /// whole number is a date written without separators (<c>20200131</c>, <c>202001</c>) or a Unix time
    /// (<see cref="TimeSeriesTable.TimesReadAs"/>). Null with no <see cref="TimeColumns"/>: the row number is the
    /// index.
    /// </summary>
    public string? TimeColumn { get; init; }

    /// <summary>
    /// Instead of <see cref="TimeColumn"/>, whole-number columns composing the time, in the order year, month, day,
    /// hour (the first one to four of them), for example <c>["year", "month", "day", "hour"]</c> for Beijing PM2.5; or
    /// a date column and a time-of-day column (<c>["Date", "Time"]</c>: <c>16/12/2006</c> and <c>17:24:00</c>, as
    /// loggers write them), read as one column of dates with their times.
    /// </summary>
    public IReadOnlyList<string>? TimeColumns { get; init; }

    /// <summary>
    /// When set, rows dated before it are skipped (a date time column is needed), for example to read only the regular
    /// part of a series with early gaps, such as Mauna Loa CO2 from 1964-05 on.
    /// </summary>
    public DateTime? From { get; init; }

    /// <summary>
    /// Only the rows whose column <c>Column</c> holds <c>Value</c> (compared after trimming), for every pair, are read:
    /// one series of a file that holds several, one after another or interleaved (a store's sales among all stores';
    /// one product family of one store, with two pairs). Empty: every row.
    /// </summary>
    public IReadOnlyList<(string Column, string Value)> Where { get; init; } = [];

    /// <summary>The numeric columns to read, by header name, in the order of the channels.</summary>
    public required IReadOnlyList<string> ValueColumns { get; init; }

    /// <summary>An optional text column read as a per-row label (for example Seattle's <c>weather</c>).</summary>
    public string? LabelColumn { get; init; }

    /// <summary>
    /// Whether the steps missing between rows (a day without a row in a daily series) are inserted as missing values,
    /// as pandas' <c>asfreq</c> does, for <see cref="Missing"/> to fill or mask (which must then not refuse them);
    /// false by default, and a gap is an error at its row. The step is the shortest between two rows.
    /// </summary>
    public bool FillGaps { get; init; }

    /// <summary>What to do with missing values; <see cref="MissingValuePolicy.Refuse"/> by default.</summary>
    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Refuse;

    /// <summary>
    /// The texts that mean "missing" (compared ignoring case, after trimming): also <c>.</c>, which FRED's CSV files
    /// write for a missing observation, and <c>#N/A</c>, which spreadsheets write for a missing lookup.
    /// </summary>
    public IReadOnlyList<string> MissingTokens { get; init; } = ["", "NA", "N/A", "NaN", "?", "null", ".", "#N/A"];

    /// <summary>
    /// The character between fields; null (the default) tells it from the file: of <c>,</c>, <c>;</c> and tab, the
    /// one splitting the header into the most fields, as many on the next lines. With <c>;</c> a number may have a
    /// decimal comma (<c>1,5</c>), as spreadsheets write it where the comma is the decimal mark.
    /// </summary>
    public char? Separator { get; init; }

    /// <summary>
    /// Whether dates written with slashes and the year last (<c>03/04/2020</c>) put the day first; null (the default)
    /// decides it for the whole column from a row whose first or second part is above 12, and refuses a column where
    /// no row tells.
    /// </summary>
    public bool? DayFirst { get; init; }

    /// <summary>How messages name the options that resolve the problem they report.</summary>
    public TimeSeriesCsvOptionNames OptionNames { get; init; } = new();
}
