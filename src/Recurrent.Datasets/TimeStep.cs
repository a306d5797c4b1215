namespace Recurrent.Datasets;

/// <summary>
/// The step of evenly spaced times: <see cref="Months"/> calendar months, on the same day of every month or, with
/// <see cref="AtMonthEnd"/>, on the last day of every month (months differ in length, so neither is a constant
/// interval); else the constant interval <see cref="Span"/>, or, with <see cref="Weekdays"/>, one day that skips
/// the weekend (Friday to Monday).
/// </summary>
/// <param name="Months">The calendar months of a step, or 0 for a constant interval.</param>
/// <param name="Span">The interval when <paramref name="Months"/> is 0, else zero.</param>
/// <param name="AtMonthEnd">Whether the times are the last days of their months (2020-01-31, 2020-02-29, ...), as
/// pandas' month-end and quarter-end frequencies write them.</param>
/// <param name="Weekdays">Whether the times are weekdays only, a day apart but Friday followed by Monday: a market's
/// trading days or a business's working days, as pandas' business-day frequency steps (holidays are not skipped:
/// a weekday without a row is a gap).</param>
public readonly record struct TimeStep(int Months, TimeSpan Span, bool AtMonthEnd = false, bool Weekdays = false)
{
    /// <summary>The time one step after <paramref name="time"/>.</summary>
    public DateTime After(DateTime time)
    {
        if (Weekdays)
        {
            var day = time + Span;
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                day += Span;
            return day;
        }
        if (Months == 0)
            return time + Span;
        var next = time.AddMonths(Months);
        return AtMonthEnd ? next.AddDays(DateTime.DaysInMonth(next.Year, next.Month) - next.Day) : next;
    }

    /// <summary>
    /// The step in words: "1 month", "12 months" as "1 year", "1 hour", "7 days", "15 seconds", "1 weekday".
    /// </summary>
    public override string ToString() =>
        Weekdays ? "1 weekday"
        : Months > 0
            ? Months % 12 == 0 ? Plural(Months / 12, "year") : Plural(Months, "month")
        : Span.Ticks % TimeSpan.TicksPerDay == 0 ? Plural((int)Span.TotalDays, "day")
        : Span.Ticks % TimeSpan.TicksPerHour == 0 ? Plural((int)Span.TotalHours, "hour")
        : Span.Ticks % TimeSpan.TicksPerMinute == 0 ? Plural((int)Span.TotalMinutes, "minute")
        : Span.Ticks % TimeSpan.TicksPerSecond == 0 ? Plural((int)Span.TotalSeconds, "second")
        : Span.ToString();

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
