namespace Recurrent.Models.Forecasting;

/// <summary>
/// A series prepared for a forecaster, row by row: the modelled target <see cref="Z"/> (see
/// <see cref="SeriesTransform"/>), calendar features known for future rows too (<see cref="Calendar"/>), and
/// measurements known only up to the forecast origin (<see cref="Extra"/>), all scaled with training statistics.
/// </summary>
public sealed class ForecastSeries
{
    /// <summary>
    /// Wraps the prepared arrays; <paramref name="calendar"/> is <c>[T, K]</c> and <paramref name="extra"/>
    /// <c>[T, E]</c> row-major.
    /// </summary>
    public ForecastSeries(float[] z, float[] calendar, int calendarWidth, float[] extra, int extraWidth, int firstRow)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (calendar.Length != z.Length * calendarWidth || extra.Length != z.Length * extraWidth)
            throw new ArgumentException(
                $"The calendar ({calendar.Length} values) and extra features ({extra.Length}) must have "
                    + $"{calendarWidth} and {extraWidth} per row of {z.Length}."
            );
        Z = z;
        Calendar = calendar;
        CalendarWidth = calendarWidth;
        Extra = extra;
        ExtraWidth = extraWidth;
        FirstRow = firstRow;
    }

    /// <summary>The modelled target, one value per row.</summary>
    public float[] Z { get; }

    /// <summary>Calendar features <c>[T, K]</c> (for example the month as a point on the unit circle).</summary>
    public float[] Calendar { get; }

    /// <summary>K, the calendar features per row.</summary>
    public int CalendarWidth { get; }

    /// <summary>Measurements <c>[T, E]</c> that the encoder reads from the history only.</summary>
    public float[] Extra { get; }

    /// <summary>E, the measurements per row.</summary>
    public int ExtraWidth { get; }

    /// <summary>The number of rows.</summary>
    public int Rows => Z.Length;

    /// <summary>The first row whose <see cref="Z"/> is defined.</summary>
    public int FirstRow { get; }
}
