using System.Globalization;
using System.Text.RegularExpressions;

namespace Recurrent.Datasets;

/// <summary>
/// How the dates of one time column are read. Year-first dates, dotted day-first dates (<c>31.01.2020</c>) and month
/// names read the same on every row. Dates with slashes or dashes and the year last (<c>03/04/2020</c>,
/// <c>03-04-2020</c>) are day-first in some countries and month-first in others, so their order is decided once for
/// the whole column, never per row: day-first when some first part is above 12, month-first when some second part
/// is; refused when rows disagree, or when no row tells and the order is not given. A decimal year
/// (<c>1949.0833</c>, as R writes the time of a monthly <c>ts</c>), a month period (<c>1949M01</c>) and a quarter
/// (<c>1949Q1</c>, <c>Q1 1949</c>, Stata's <c>1949q1</c>) are the month they start, an ISO week (<c>2020-W05</c>) its
/// Monday; a time with a zone (<c>Z</c>, <c>+01:00</c>) is read in UTC. A two-digit year (<c>Jan-49</c>,
/// <c>1/31/20</c>, as a spreadsheet writes the dates it shows) is the latest such year not after the present one;
/// a time of <c>24:00</c> (the end of a day, an hour ending 24 in energy data) is the next day's <c>00:00</c>.
/// A column of whole numbers is an index of rows unless every one reads as a date written without separators
/// (<c>20200131</c>, <c>202001</c>) or as Unix time in seconds or milliseconds (<see cref="WholeNumbersAs"/>).
/// </summary>
internal sealed partial class DateColumn
{
    /// <summary>What a date looks like, for messages.</summary>
    public const string Expected = "expected e.g. 2020-01-31, 2020-01, or a decimal year of a month, 2020.0833";

    // M, d and H read one or two digits; .FFFFFFF is an optional fraction of a second.
    private static readonly string[] Unambiguous =
    [
        "yyyy-M",
        "yyyy-M-d",
        "yyyy-M-d H:mm",
        "yyyy-M-d H:mm:ss.FFFFFFF",
        "yyyy-M-dTH:mm",
        "yyyy-M-dTH:mm:ss.FFFFFFF",
        // ISO 8601 with a zone, as pandas writes a time zone's index: read in UTC, so that a change of summer time
        // leaves the steps regular.
        "yyyy-M-dTH:mm:ss.FFFFFFFK",
        "yyyy-M-d H:mm:ss.FFFFFFFK",
        "yyyy-M-dTH:mmK",
        "yyyy/M",
        "yyyy/M/d",
        "yyyy/M/d H:mm",
        "yyyy/M/d H:mm:ss",
        "yyyy.M.d",
        "d.M.yyyy",
        "d.M.yyyy H:mm",
        "d.M.yyyy H:mm:ss",
        // Monthly series as German-speaking spreadsheets write them: 01.2020.
        "M.yyyy",
        "MMM d yyyy",
        "d MMM yyyy",
        "d-MMM-yyyy",
        "d-MMM-yy",
        // Monthly series written with the month's name: 1960 Jan, Jan 1960, 1960-Jan, Jan-1960, January 1960.
        "yyyy MMM",
        "MMM yyyy",
        "yyyy-MMM",
        "MMM-yyyy",
        "yyyy MMMM",
        "MMMM yyyy",
        "MMM-yy",
        "MMM yy",
        // Monthly periods as EViews and Eurostat write them: 1960M01, 1960M1, 1960-M01.
        "yyyy'M'M",
        "yyyy-'M'M",
        // Stata's monthly dates: 1960m1.
        "yyyy'm'M",
    ];

    // With a 24-hour clock, or a 12-hour one as spreadsheets write it in the United States and Australia
    // (1/31/2020 1:00 PM).
    private static readonly string[] DayFirst =
    [
        "d/M/yyyy",
        "d/M/yyyy H:mm",
        "d/M/yyyy H:mm:ss",
        "d/M/yyyy h:mm tt",
        "d/M/yyyy h:mm:ss tt",
        "d/M/yy",
        "d-M-yyyy",
        "d-M-yy",
        "d-M-yyyy H:mm",
        "d-M-yyyy H:mm:ss",
    ];

    private static readonly string[] MonthFirst =
    [
        "M/d/yyyy",
        "M/d/yyyy H:mm",
        "M/d/yyyy H:mm:ss",
        "M/d/yyyy h:mm tt",
        "M/d/yyyy h:mm:ss tt",
        "M/d/yy",
        "M-d-yyyy",
        "M-d-yy",
        "M-d-yyyy H:mm",
        "M-d-yyyy H:mm:ss",
    ];

    // Unix times from 1973 (10^8 s) to 2100: a range no index of rows reaches by accident.
    private const long UnixFrom = 100_000_000,
        UnixTo = 4_102_444_800;

    // A spreadsheet writes the two-digit year it shows (Jan-49 for January 1949), so a two-digit year is read as the
    // latest such year not after the present one, not .NET's 1950-2049 (which makes it 2049).
    private static readonly CultureInfo TwoDigitYearsPast = PastCentury();

    private readonly string[] _formats;

    // How a column of times counted from an epoch counts them; null when the column holds written dates.
    private readonly CountedTime? _counted;

    private DateColumn(string[] formats, string? wholeNumbersAs = null, CountedTime? counted = null)
    {
        _formats = formats;
        WholeNumbersAs = wholeNumbersAs;
        _counted = counted;
    }

    // Times as whole numbers of units after an epoch, read only between From and To units.
    private readonly record struct CountedTime(DateTime Epoch, long UnitTicks, long From, long To);

    /// <summary>
    /// How a column of whole numbers is read as times (<c>Unix time in seconds</c>, <c>dates written
    /// yyyyMMdd</c>), for the first line of a run; null when the column writes its dates as dates.
    /// </summary>
    public string? WholeNumbersAs { get; }

    /// <summary>
    /// The reading of the dates in <paramref name="cells"/> (column <paramref name="column"/> of
    /// <paramref name="source"/>); <paramref name="dayFirst"/>, when given, orders the slashed dates. When no row
    /// tells the order by a part above 12, the order under which the dates step evenly is taken, if only one does
    /// (<paramref name="regular"/> says whether a reading does): a monthly series dated on the 1st, <c>1/1/1949</c>,
    /// <c>2/1/1949</c>, ..., steps by months read month-first and jumps at each year read day-first.
    /// </summary>
    /// <exception cref="DataFormatException">The slashed dates' order is contradictory, or cannot be told.</exception>
    /// <returns>The reading, or null when the column is an index: whole numbers that are no times.</returns>
    public static DateColumn? Decide(
        IReadOnlyList<CsvCell> cells,
        string column,
        bool? dayFirst,
        string source,
        Func<DateColumn, bool> regular
    )
    {
        if (cells.Count > 0 && IsWholeNumber(cells[0].Text, out _))
            return OfWholeNumbers(cells) ?? OfSpreadsheetDays(cells, regular);
        if (dayFirst is bool given)
            return Ordered(given);
        CsvCell? firstSlashed = null,
            dayFirstCell = null,
            monthFirstCell = null;
        foreach (var cell in cells)
        {
            var match = SlashedDate().Match(cell.Text);
            if (!match.Success)
                continue;
            firstSlashed ??= cell;
            int first = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            int second = int.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
            if (first > 12 && second > 12)
                continue; // not a date either way; reported when read
            if (first > 12)
                dayFirstCell ??= cell;
            if (second > 12)
                monthFirstCell ??= cell;
            if (dayFirstCell is { } d && monthFirstCell is { } m)
            {
                var (later, earlier) = m.Line >= d.Line ? (m, d) : (d, m);
                throw new DataFormatException(
                    source,
                    later.Line,
                    later.Column,
                    $"'{Show(later.Text)}' in column '{Show(column)}' can only be {Order(later == m)}, but "
                        + $"'{Show(earlier.Text)}' on line {earlier.Line} only {Order(earlier == m)}; "
                        + "the dates of a column must be written one way."
                );
            }
        }
        if (firstSlashed is not { } slashed)
            return new(Unambiguous);
        if (dayFirstCell is null && monthFirstCell is null)
        {
            DateColumn days = Ordered(dayFirst: true),
                months = Ordered(dayFirst: false);
            bool daysStepEvenly = regular(days),
                monthsStepEvenly = regular(months);
            if (daysStepEvenly != monthsStepEvenly)
                return daysStepEvenly ? days : months;
            throw new DataFormatException(
                source,
                slashed.Line,
                slashed.Column,
                $"the dates in column '{Show(column)}' such as '{Show(slashed.Text)}' could be day/month/year or "
                    + "month/day/year, and no row tells which (neither part is above 12 on any row); say which "
                    + "(TimeSeriesCsvOptions.DayFirst; recurrent: --day-first true or false), or write them as "
                        + "yyyy-MM-dd."
            );
        }
        return Ordered(dayFirst: dayFirstCell is not null);
    }

    // Dates without separators (20200131, 202001) and Unix times, as databases, loggers and statistics offices write
    // them; every row must read the same way, or the column is an index.
    private static DateColumn? OfWholeNumbers(IReadOnlyList<CsvCell> cells)
    {
        DateColumn[] readings =
        [
            new(["yyyyMMdd"], "dates written yyyyMMdd"),
            new(["yyyyMM"], "months written yyyyMM"),
            new([], "Unix time in seconds", new(DateTime.UnixEpoch, TimeSpan.TicksPerSecond, UnixFrom, UnixTo)),
            new(
                [],
                "Unix time in milliseconds",
                new(DateTime.UnixEpoch, TimeSpan.TicksPerMillisecond, UnixFrom * 1000, UnixTo * 1000)
            ),
        ];
        return readings.FirstOrDefault(reading => cells.All(cell => reading.TryParse(cell.Text, out _)));
    }

    // A date cell saved as its number (a spreadsheet column formatted General): days counted as Excel and LibreOffice
    // count them, day 1 being 1900-01-01 and so day 0 1899-12-30, from 1927 (day 10,000) to 2100. Taken only where the
    // numbers do not step evenly as an index (months are 28 to 31 days apart) and do as dates: days one apart are
    // as well an index of rows.
    private static DateColumn? OfSpreadsheetDays(IReadOnlyList<CsvCell> cells, Func<DateColumn, bool> regular)
    {
        var days = new DateColumn(
            [],
            "Excel's day numbers, days since 1899-12-30",
            new(new DateTime(1899, 12, 30), TimeSpan.TicksPerDay, 10_000, 73_051)
        );
        if (cells.Count < 3 || !cells.All(cell => days.TryParse(cell.Text, out _)))
            return null;
        long[] numbers = [.. cells.Select(cell => long.Parse(cell.Text, CultureInfo.InvariantCulture))];
        long step = numbers[1] - numbers[0];
        bool evenIndex = Enumerable.Range(2, numbers.Length - 2).All(r => numbers[r] - numbers[r - 1] == step);
        return !evenIndex && regular(days) ? days : null;
    }

    /// <summary>Whether <paramref name="text"/> is a whole number (a row index, or a time written as one).</summary>
    public static bool IsWholeNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private bool TryParseWholeNumber(string text, out DateTime date)
    {
        date = default;
        if (_counted is not CountedTime counted)
        {
            // Only years from 1700 on, so that a short index such as 100001, 100002, ... stays an index.
            var invariant = CultureInfo.InvariantCulture;
            return text.Length == _formats[0].Length
                && DateTime.TryParseExact(text, _formats[0], invariant, DateTimeStyles.None, out date)
                && date.Year >= 1700;
        }
        if (!IsWholeNumber(text, out long units) || units < counted.From || units > counted.To)
            return false;
        date = counted.Epoch.AddTicks(units * counted.UnitTicks);
        return true;
    }

    private static CultureInfo PastCentury()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.Calendar.TwoDigitYearMax = DateTime.UtcNow.Year;
        return culture;
    }

    /// <summary>
    /// Whether <paramref name="text"/> reads as a date in some order and is not a plain number (a whole number may be
    /// an index, a decimal one a value).
    /// </summary>
    public static bool ReadsAsDate(string text) =>
        !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        && (Ordered(dayFirst: true).TryParse(text, out _) || Ordered(dayFirst: false).TryParse(text, out _));

    // Every unambiguous format and the slashed and dashed ones in one order.
    private static DateColumn Ordered(bool dayFirst) => new([.. Unambiguous, .. dayFirst ? DayFirst : MonthFirst]);

    /// <summary>Reads <paramref name="text"/> as a date of this column.</summary>
    public bool TryParse(string text, out DateTime date)
    {
        if (WholeNumbersAs is not null)
            return TryParseWholeNumber(text, out date);
        // The end of a day written 24:00, as ISO 8601 allows and energy data's hours ending 1 to 24 write it, is the
        // next day's 00:00.
        if (EndOfDay().Match(text) is { Success: true } end)
        {
            bool read = TryParse(end.Groups[1].Value + "00:00" + end.Groups[2].Value, out date);
            date = read ? date.AddDays(1) : default;
            return read;
        }
        return DateTime.TryParseExact(text, _formats, TwoDigitYearsPast, Styles, out date)
            || TryParseDecimalYear(text, out date)
            || TryParseQuarter(text, out date)
            || TryParseIsoWeek(text, out date);
    }

    // A time with a zone is converted to UTC; one without is kept as written.
    private const DateTimeStyles Styles = DateTimeStyles.AdjustToUniversal;

    // A quarter, as statistics offices write them (1960Q1, 1960-Q1, 1960 Q1) or with the quarter first (Q1 1960,
    // Q1-1960, as many spreadsheets label them): the month it starts.
    private static bool TryParseQuarter(string text, out DateTime date)
    {
        date = default;
        var match = Quarter().Match(text);
        if (!match.Success)
            return false;
        var year = match.Groups["year"].Success ? match.Groups["year"] : match.Groups["lateYear"];
        var number = match.Groups["quarter"].Success ? match.Groups["quarter"] : match.Groups["earlyQuarter"];
        int quarter = number.ValueSpan[0] - '0';
        date = new DateTime(int.Parse(year.ValueSpan, CultureInfo.InvariantCulture), 3 * quarter - 2, 1);
        return true;
    }

    // An ISO 8601 week (2020-W05, 2020W05): its Monday.
    private static bool TryParseIsoWeek(string text, out DateTime date)
    {
        date = default;
        var match = IsoWeek().Match(text);
        if (!match.Success)
            return false;
        int year = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        int week = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        if (year < 1 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
            return false;
        date = ISOWeek.ToDateTime(year, week, DayOfWeek.Monday);
        return true;
    }

    // A year and a fraction that is a whole number of twelfths, to within the rounding of a few printed decimals
    // (1949.083 for February); any other fraction is no month's start, and no date.
    private static bool TryParseDecimalYear(string text, out DateTime date)
    {
        date = default;
        if (!DecimalYear().IsMatch(text))
            return false;
        double value = double.Parse(text, CultureInfo.InvariantCulture);
        int year = (int)Math.Floor(value);
        double months = (value - year) * 12;
        int month = (int)Math.Round(months);
        if (Math.Abs(months - month) > 0.02 || month == 12 || year < 1)
            return false;
        date = new DateTime(year, month + 1, 1);
        return true;
    }

    private static string Order(bool monthFirst) => monthFirst ? "month-first" : "day-first";

    private static string Show(string text) => InvisibleCharacters.Show(text);

    [GeneratedRegex(@"^(\d{1,2})([/-])(\d{1,2})\2(?:\d{4}|\d{2})( |$)", RegexOptions.CultureInvariant)]
    private static partial Regex SlashedDate();

    [GeneratedRegex(@"^(.+[ T])24:00((?::00)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex EndOfDay();

    [GeneratedRegex(@"^\d{4}\.\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalYear();

    [GeneratedRegex(
        @"^(?:(?<year>\d{4})[- ]?Q(?<quarter>[1-4])|Q(?<earlyQuarter>[1-4])[- ](?<lateYear>\d{4}))$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase
    )]
    private static partial Regex Quarter();

    [GeneratedRegex(@"^(\d{4})-?W(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWeek();
}
