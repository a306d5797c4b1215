namespace Recurrent.Models.Forecasting;

/// <summary>
/// The position of each time in its cycles as points on unit circles (<c>sin, cos</c>), so that December sits next
/// to January: the month for monthly series, the day of the year for daily ones, and the hour of the day and the
/// day of the year for hourly ones.
/// </summary>
public static class CalendarFeatures
{
    /// <summary>
    /// The features <see cref="For"/> makes for <paramref name="times"/>, in words, for a model's metadata: each
    /// cycle gives <c>sin(2 pi p), cos(2 pi p)</c> of the row's position p in it.
    /// </summary>
    public static string Describe(DateTime[]? times)
    {
        if (times is null || times.Length < 2)
            return "none";
        var step = times[1] - times[0];
        if (step >= TimeSpan.FromDays(28))
            return "sin, cos of (month - 1) / 12";
        return step < TimeSpan.FromDays(1)
            ? "sin, cos of hour / 24; sin, cos of (day of year - 1) / 365.25"
            : "sin, cos of (day of year - 1) / 365.25";
    }

    /// <summary>
    /// The features <c>[T, K]</c> row-major and K (0 when <paramref name="times"/> is null: an index has no calendar).
    /// </summary>
    public static (float[] Values, int Width) For(DateTime[]? times)
    {
        if (times is null || times.Length < 2)
            return ([], 0);
        var step = times[1] - times[0];
        var cycles = new List<Func<DateTime, double>>();
        if (step >= TimeSpan.FromDays(28))
            cycles.Add(t => (t.Month - 1) / 12.0);
        else
        {
            if (step < TimeSpan.FromDays(1))
                cycles.Add(t => t.TimeOfDay.TotalHours / 24.0);
            cycles.Add(t => (t.DayOfYear - 1) / 365.25);
        }
        int width = 2 * cycles.Count;
        var values = new float[times.Length * width];
        for (int r = 0; r < times.Length; r++)
            for (int c = 0; c < cycles.Count; c++)
            {
                double angle = 2 * Math.PI * cycles[c](times[r]);
                values[r * width + 2 * c] = (float)Math.Sin(angle);
                values[r * width + 2 * c + 1] = (float)Math.Cos(angle);
            }
        return (values, width);
    }
}
