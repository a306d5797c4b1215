namespace Recurrent.Datasets;

/// <summary>
/// The step of evenly spaced times, and the times that follow them: by calendar months when every time is at midnight
/// on the same day of its month (up to the 28th) or on the last day of its month (months differ in length), by
/// weekdays when daily times skip the weekends, else by a constant interval. A forecast of the rows after a history
/// needs their times, for the calendar features a model reads.
/// </summary>
public static class RegularTimes
{
    // Friday to Monday.
    private static readonly TimeSpan Weekend = TimeSpan.FromDays(3);

    /// <summary>
    /// The step between <paramref name="times"/>: the smallest interval between neighbours, so that a gap shows as a
    /// larger one wherever it is, in calendar months where the times fall on the same day of every month or on the
    /// last day of every month, and by weekdays where daily times are weekdays only and a Friday is followed by a
    /// Monday (see <see cref="TimeStep"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two times.</exception>
    public static TimeStep StepOf(IReadOnlyList<DateTime> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (times.Count < 2)
            throw new ArgumentException("A step needs at least two times.", nameof(times));
        var neighbours = Enumerable.Range(1, times.Count - 1);
        int Months() => neighbours.Min(r => MonthsBetween(times[r - 1], times[r]));
        if (times.All(t => t.TimeOfDay == TimeSpan.Zero))
        {
            // A day of the month past the 28th is not in every month; the months' last days are.
            if (times[0].Day <= 28 && times.All(t => t.Day == times[0].Day))
                return new TimeStep(Months(), TimeSpan.Zero);
            if (times.All(t => t.Day == DateTime.DaysInMonth(t.Year, t.Month)))
                return new TimeStep(Months(), TimeSpan.Zero, AtMonthEnd: true);
        }
        var shortest = neighbours.Min(r => times[r] - times[r - 1]);
        // Daily times that skip the weekends step by weekdays: a Friday followed by a Monday shows it.
        if (
            shortest == TimeSpan.FromDays(1)
            && times.All(t => t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            && neighbours.Any(r => times[r - 1].DayOfWeek == DayOfWeek.Friday && times[r] - times[r - 1] == Weekend)
        )
            return new TimeStep(0, shortest, Weekdays: true);
        return new TimeStep(0, shortest);
    }

    /// <summary>
    /// The <paramref name="count"/> times after the last of <paramref name="times"/>, at their step.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two times, or times that do not increase by one step each;
    /// the message names the first that does not.</exception>
    public static DateTime[] Following(IReadOnlyList<DateTime> times, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var step = StepOf(times);
        if (step.Months <= 0 && step.Span <= TimeSpan.Zero)
            throw new ArgumentException(
                "The times repeat or go back; they must increase by one step each.",
                nameof(times)
            );
        for (int r = 1; r < times.Count; r++)
            if (times[r] != step.After(times[r - 1]))
                throw new ArgumentException(
                    $"Time {r} ({TimeSteps.Format(times[r])}) is not one step ({step}) after time {r - 1} "
                        + $"({TimeSteps.Format(times[r - 1])}); the times must be evenly spaced.",
                    nameof(times)
                );
        var following = new DateTime[count];
        var last = times[^1];
        for (int k = 0; k < count; k++)
            following[k] = last = step.After(last);
        return following;
    }

    private static int MonthsBetween(DateTime a, DateTime b) => (b.Year - a.Year) * 12 + b.Month - a.Month;
}
