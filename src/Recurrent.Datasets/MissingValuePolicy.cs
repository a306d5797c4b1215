namespace Recurrent.Datasets;

/// <summary>
/// What a reader of tables (<see cref="TimeSeriesCsv"/>) does with missing values (empty, <c>NA</c>,
/// <c>NaN</c>, <c>?</c>).
/// </summary>
public enum MissingValuePolicy
{
    /// <summary>Refuse the file, naming the first missing value (the default: nothing is invented silently).</summary>
    Refuse,

    /// <summary>
    /// Repeat the last observed value (pandas' ffill); values before the first observation take the first observed
    /// value.
    /// </summary>
    ForwardFill,

    /// <summary>
    /// Interpolate linearly between the observed neighbours; values before the first or after the last observation take
    /// the nearest one.
    /// </summary>
    Interpolate,

    /// <summary>
    /// Keep missing values as NaN and record which values were observed in <see cref="TimeSeriesTable.Observed"/>.
    /// </summary>
    Mask,
}
