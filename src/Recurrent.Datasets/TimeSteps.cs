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
    /// <paramref name="names"/> names the options advised at a gap.
    /// </summary>
    /// <exception cref="DataFormatException">The times are not increasing or not evenly spaced.</exception>
    public static string Check(
        List<DateTime> times,
        List<int> lineOf,
        List<int> columnOf,
        string source,
        TimeSeriesCsvOptionNames names
    )
    {
        if (times.Count < 2)
            return "none (one row)";
        if (FirstNotAfter(times) is int back and > 0)
            throw new DataFormatException(
                source,
                lineOf[back],
                columnOf[back],
                $"the time {Format(times[back])} does not come after the previous row's {Format(times[back - 1])}; "
                    + "rows must be in increasing time order without repeats."
                    + (
                        back >= 2 && ClocksPutBack(times[back - 2], times[back - 1], times[back]) ? SummerTimeAdvice
                        : times[back] == times[back - 1]
                            ? $" If the file holds several series, read one of them with {names.Where}."
                        : ""
                    )
            );
        var regular = RegularTimes.StepOf(times);
        string step = regular.ToString();
        if (FirstOffStep(times, regular) is int r and > 0)
        {
            var expected = regular.After(times[r - 1]);
            throw new DataFormatException(
                source,
                lineOf[r],
                columnOf[r],
                $"irregular time step: {Format(times[r - 1])} is followed by {Format(times[r])}, but the series "
                    + $"steps by {step} (so {Format(expected)} was expected); rows are missing. Insert the missing "
                    + $"steps as missing values to fill or mask ({names.FillGaps})"
                    + RegularTail(times, lineOf, regular, names.From)
                    + "."
                    + (
                        regular.Weekdays
                            ? " The dates are weekdays, so the missing ones are most likely holidays (a market "
                                + "closed): to forecast the rows as steps instead, read the file without "
                                + $"{names.TimeColumn}."
                        : ClocksPutForward(times[r - 1], times[r], regular) ? SummerTimeAdvice
                        : ""
                    )
            );
        }
        return step;
    }

    private const string SummerTimeAdvice =
        " If these are local clock times, this is where the clocks change for summer time: write the times in UTC, or "
        + "with their offset from UTC (2021-03-28T03:00+02:00), which is read as UTC.";

    // A clock put forward by an hour at night, as local times are in spring: one hour more than the step.
    private static bool ClocksPutForward(DateTime before, DateTime after, TimeStep step) =>
        step.Months == 0
        && step.Span <= TimeSpan.FromHours(1)
        && before.Hour < 4
        && after - before == step.Span + TimeSpan.FromHours(1);

    // A clock put back by an hour at night, as local times are in autumn: the hour after a step is read again.
    private static bool ClocksPutBack(DateTime twoBefore, DateTime before, DateTime after)
    {
        var step = before - twoBefore;
        return step > TimeSpan.Zero
            && step <= TimeSpan.FromHours(1)
            && before.Hour < 4
            && before - after == TimeSpan.FromHours(1) - step;
    }

    /// <summary>Whether <paramref name="times"/> increase by one step throughout, as the dates' check wants.</summary>
    public static bool IsRegular(IReadOnlyList<DateTime> times) =>
        times.Count < 2 || FirstNotAfter(times) < 0 && FirstOffStep(times, RegularTimes.StepOf(times)) < 0;

    // The first row whose time does not come after the previous row's; -1 when every one does.
    private static int FirstNotAfter(IReadOnlyList<DateTime> times)
    {
        for (int r = 1; r < times.Count; r++)
        {
            if (times[r] <= times[r - 1])
                return r;
        }
        return -1;
    }

    // The first row whose time is not one step after the previous row's; -1 when every one is.
    private static int FirstOffStep(IReadOnlyList<DateTime> times, TimeStep step)
    {
        for (int r = 1; r < times.Count; r++)
        {
            if (times[r] != step.After(times[r - 1]))
                return r;
        }
        return -1;
    }

    /// <summary>The step of a whole-number <paramref name="index"/>, as a number.</summary>
    /// <exception cref="DataFormatException">The index is not increasing or not evenly spaced.</exception>
    public static string Check(
        List<long> index,
        List<int> lineOf,
        List<int> columnOf,
        string source,
        TimeSeriesCsvOptionNames names
    )
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
                    + $"(so {index[r - 1] + step} was expected). Insert the missing steps as missing values to "
                    + $"fill or mask ({names.FillGaps}), or use a regular series."
            );
        }
        return step.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A time as messages write it: the date, and the time of day (to the second) when there is one.</summary>
    public static string Format(DateTime time) =>
        time.ToString(
            time.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd"
            : time.Second == 0 && time.Millisecond == 0 ? "yyyy-MM-dd HH:mm"
            : "yyyy-MM-dd HH:mm:ss.FFF",
            CultureInfo.InvariantCulture
        );

    /// <summary>
    /// Where the last regular run of rows begins, as advice in the gap message, when it is long enough to be useful.
    /// </summary>
    private static string RegularTail(
        List<DateTime> times,
        List<int> lineOf,
        TimeStep step,
        string from
    )
    {
        int last = times.Count - 1;
        while (last > 0 && times[last] == step.After(times[last - 1]))
            last--;
        int tail = times.Count - last;
        return tail < 2
            ? ""
            : $", or read only the regular part: the {tail} rows from {Format(times[last])} "
                + $"(line {lineOf[last]}) on, with {from}";
    }
}
