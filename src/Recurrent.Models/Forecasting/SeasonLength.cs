using Recurrent.Datasets;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// The season m a series' own time step implies, as forecasting libraries read it from a series' frequency: a year of
/// months (12) or of quarters (4), a week of days (7) or of weekdays (5), a year of weeks (52), a day of hours (24)
/// or of shorter steps down to five minutes (288), an hour of shorter ones; none (1) for years. A forecast of hourly
/// data with the monthly default of 12 would compare each hour with the one half a day before.
/// </summary>
public static class SeasonLength
{
    // The longest cycle taken, in steps: a day of five-minute steps.
    private const int MaxSteps = 288;

    /// <summary>
    /// The season of evenly spaced <paramref name="times"/>, or null when there are none (an index) or their step
    /// implies no cycle (7 hours, say).
    /// </summary>
    public static int? Of(IReadOnlyList<DateTime>? times)
    {
        if (times is null || times.Count < 2)
            return null;
        var step = RegularTimes.StepOf(times);
        if (step.Months > 0)
            return 12 % step.Months == 0 ? 12 / step.Months : null;
        if (step.Weekdays)
            return 5;
        var span = step.Span;
        if (span == TimeSpan.FromDays(7))
            return 52;
        if (span == TimeSpan.FromDays(1))
            return 7;
        // A day of steps, unless that is more than 288 (five minutes): then an hour of them (60 minutes).
        foreach (var cycle in new[] { TimeSpan.FromDays(1), TimeSpan.FromHours(1) })
            if (span > TimeSpan.Zero && span < cycle && cycle.Ticks % span.Ticks == 0 && cycle / span <= MaxSteps)
                return (int)(cycle.Ticks / span.Ticks);
        return null;
    }
}
