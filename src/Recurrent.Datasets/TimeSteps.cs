using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// Checks that the times of a table's rows step evenly (dates by a constant interval or by calendar months, an index
/// by a constant difference) and says the step in words. A gap, a repeat or a step back is refused at its row:
/// nothing is resampled.
/// </summary>
internal static class TimeSteps
{
    /// <summary>
    /// The step of <paramref name="times"/> in words ("1 month", "1 hour"); rows are placed by line and column.
    /// <paramref name="from"/> names the way to read only the rows from a date on, advised at a gap.
    /// </summary>
    /// <exception cref="DataFormatException">The times are not increasing or not evenly spaced.</exception>
    public static string Check(
        List<DateTime> times,
        List<int> lineOf,
        List<int> columnOf,
        string source,
        string from
    )
    {
        if (times.Count < 2)
            return "none (one row)";
        for (int r = 1; r < times.Count; r++)
        {
            if (times[r] <= times[r - 1])
                throw new DataFormatException(
                    source,
                    lineOf[r],
                    columnOf[r],
                    $"the time {Format(times[r])} does not come after the previous row's {Format(times[r - 1])}; "
                        + "rows must be in increasing time order without repeats."
                );
        }
        // The step is the smallest interval between rows, so that a gap shows as a larger one wherever it is.
        // Month starts step by calendar months, whose lengths vary.
        bool monthly = times.All(t => t.Day == 1 && t.TimeOfDay == TimeSpan.Zero);
        int months = monthly ? Enumerable.Range(1, times.Count - 1).Min(r => MonthsBetween(times[r - 1], times[r])) : 0;
        var span = monthly ? TimeSpan.Zero : Enumerable.Range(1, times.Count - 1).Min(r => times[r] - times[r - 1]);
        string step =
            !monthly ? Describe(span)
            : months % 12 == 0 ? Plural(months / 12, "year")
            : Plural(months, "month");
        for (int r = 1; r < times.Count; r++)
        {
            var expected = monthly ? times[r - 1].AddMonths(months) : times[r - 1] + span;
            if (times[r] == expected)
                continue;
            throw new DataFormatException(
                source,
                lineOf[r],
                columnOf[r],
                $"irregular time step: {Format(times[r - 1])} is followed by {Format(times[r])}, but the series "
                    + $"steps by {step} (so {Format(expected)} was expected); rows are missing. Gaps are not "
                        + $"resampled: "
                    + "add the missing rows (with empty values, then fill or mask them)"
                    + RegularTail(times, lineOf, monthly, months, span, from)
                    + "."
            );
        }
        return step;
    }

    /// <summary>The step of a whole-number <paramref name="index"/>, as a number.</summary>
    /// <exception cref="DataFormatException">The index is not increasing or not evenly spaced.</exception>
    public static string Check(List<long> index, List<int> lineOf, List<int> columnOf, string source)
    {
        if (index.Count < 2)
            return "none (one row)";
        for (int r = 1; r < index.Count; r++)
        {
            if (index[r] <= index[r - 1])
                throw new DataFormatException(
                    source,
                    lineOf[r],
                    columnOf[r],
                    $"the index {index[r]} does not come after the previous row's {index[r - 1]}; "
                        + "rows must be in increasing order without repeats."
                );
        }
        long step = Enumerable.Range(1, index.Count - 1).Min(r => index[r] - index[r - 1]);
        for (int r = 1; r < index.Count; r++)
        {
            if (index[r] - index[r - 1] == step)
                continue;
            throw new DataFormatException(
                source,
                lineOf[r],
                columnOf[r],
                $"irregular index step: {index[r - 1]} is followed by {index[r]}, but the series steps by {step} "
                    + $"(so {index[r - 1] + step} was expected). Gaps are not resampled: add the missing rows "
                    + "(with empty values, then fill or mask them) or use a regular series."
            );
        }
        return step.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A time as messages write it: the date, and the time of day when there is one.</summary>
    public static string Format(DateTime time) =>
        time.ToString(
            time.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm",
            CultureInfo.InvariantCulture
        );

    private static int MonthsBetween(DateTime a, DateTime b) => (b.Year - a.Year) * 12 + b.Month - a.Month;

    /// <summary>
    /// Where the last regular run of rows begins, as advice in the gap message, when it is long enough to be useful.
    /// </summary>
    private static string RegularTail(
        List<DateTime> times,
        List<int> lineOf,
        bool monthly,
        int months,
        TimeSpan span,
        string from
    )
    {
        int last = times.Count - 1;
        while (last > 0 && times[last] == (monthly ? times[last - 1].AddMonths(months) : times[last - 1] + span))
            last--;
        int tail = times.Count - last;
        return tail < 2
            ? ""
            : $", or read only the regular part: the {tail} rows from {Format(times[last])} "
                + $"(line {lineOf[last]}) on, with {from}";
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    private static string Describe(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? Plural((int)span.TotalDays, "day")
        : span.Ticks % TimeSpan.TicksPerHour == 0 ? Plural((int)span.TotalHours, "hour")
        : span.Ticks % TimeSpan.TicksPerMinute == 0 ? Plural((int)span.TotalMinutes, "minute")
        : span.ToString();
}
