namespace Recurrent.Datasets;

/// <summary>
/// The step of evenly spaced times, and the times that follow them: by calendar months when every time is the start
/// of a month (months differ in length), else by a constant interval. A forecast of the rows after a history needs
/// their times, for the calendar features a model reads.
/// </summary>
public static class RegularTimes
{
    /// <summary>
    /// The step between <paramref name="times"/>: the smallest interval between neighbours, so that a gap shows as a
    /// larger one wherever it is. Months is the number of calendar months when every time is the start of a month
    /// (and Span is zero), else 0 (and Span is the interval).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two times.</exception>
    public static (int Months, TimeSpan Span) StepOf(IReadOnlyList<DateTime> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (times.Count < 2)
            throw new ArgumentException("A step needs at least two times.", nameof(times));
        var neighbours = Enumerable.Range(1, times.Count - 1);
        return times.All(t => t.Day == 1 && t.TimeOfDay == TimeSpan.Zero)
            ? (neighbours.Min(r => MonthsBetween(times[r - 1], times[r])), TimeSpan.Zero)
            : (0, neighbours.Min(r => times[r] - times[r - 1]));
    }

    /// <summary>The time one <paramref name="step"/> (of <see cref="StepOf"/>) after <paramref name="time"/>.</summary>
    public static DateTime After(DateTime time, (int Months, TimeSpan Span) step) =>
        step.Months > 0 ? time.AddMonths(step.Months) : time + step.Span;

    /// <summary>
    /// The <paramref name="count"/> times after the last of <paramref name="times"/>, at their step.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two times, or times that do not increase by one step each;
    /// the message names the first that does not.</exception>
    public static DateTime[] Following(IReadOnlyList<DateTime> times, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var step = StepOf(times);
        if (step.Months == 0 && step.Span <= TimeSpan.Zero)
            throw new ArgumentException(
                "The times repeat or go back; they must increase by one step each.",
                nameof(times)
            );
        for (int r = 1; r < times.Count; r++)
            if (times[r] != After(times[r - 1], step))
                throw new ArgumentException(
                    $"Time {r} ({TimeSteps.Format(times[r])}) is not one step ({Describe(step)}) after time {r - 1} "
                        + $"({TimeSteps.Format(times[r - 1])}); the times must be evenly spaced.",
                    nameof(times)
                );
        var following = new DateTime[count];
        var last = times[^1];
        for (int k = 0; k < count; k++)
            following[k] = last = After(last, step);
        return following;
    }

    /// <summary>A step in words: "1 month", "12 months", "1 hour", "7 days".</summary>
    public static string Describe((int Months, TimeSpan Span) step) =>
        step.Months > 0
            ? step.Months % 12 == 0 ? Plural(step.Months / 12, "year") : Plural(step.Months, "month")
        : step.Span.Ticks % TimeSpan.TicksPerDay == 0 ? Plural((int)step.Span.TotalDays, "day")
        : step.Span.Ticks % TimeSpan.TicksPerHour == 0 ? Plural((int)step.Span.TotalHours, "hour")
        : step.Span.Ticks % TimeSpan.TicksPerMinute == 0 ? Plural((int)step.Span.TotalMinutes, "minute")
        : step.Span.ToString();

    private static int MonthsBetween(DateTime a, DateTime b) => (b.Year - a.Year) * 12 + b.Month - a.Month;

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
