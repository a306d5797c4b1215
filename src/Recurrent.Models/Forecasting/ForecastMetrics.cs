namespace Recurrent.Models.Forecasting;

/// <summary>
/// Point-forecast errors and the two baselines. MASE follows Hyndman and Koehler (2006): the mean absolute error of
/// the forecast divided by the in-sample mean absolute error of the one-season-back forecast on the training rows,
/// <c>mean_{t=m..n-1} |x_t - x_{t-m}|</c> (m = 1 for a series without a season). sMAPE is
/// <c>100 mean(2 |f - a| / (|a| + |f|))</c> in percent, a term with <c>a = f = 0</c> counting 0.
/// </summary>
public static class ForecastMetrics
{
    /// <summary>
    /// The MASE denominator: the in-sample MAE of the seasonal-naive forecast on <paramref name="trainRows"/> rows.
    /// </summary>
    public static double SeasonalNaiveScale(float[] raw, int trainRows, int season)
    {
        int m = Math.Max(1, season);
        double sum = 0;
        for (int t = m; t < trainRows; t++)
            sum += Math.Abs(raw[t] - raw[t - m]);
        return sum / Math.Max(1, trainRows - m);
    }

    /// <summary>
    /// The seasonal-naive forecast of rows <c>origin + k</c>: the value of the last observed row in the same season.
    /// </summary>
    public static double[] SeasonalNaive(float[] raw, int origin, int horizon, int season) =>
        SeasonalNaive(raw.AsSpan(0, origin), horizon, season);

    /// <summary>
    /// The seasonal-naive forecast of the <paramref name="horizon"/> rows after <paramref name="history"/>.
    /// </summary>
    public static double[] SeasonalNaive(ReadOnlySpan<float> history, int horizon, int season)
    {
        int m = Math.Max(1, season);
        var f = new double[horizon];
        for (int k = 0; k < horizon; k++)
            f[k] = history[history.Length + k - m * (k / m + 1)];
        return f;
    }

    /// <summary>The naive (persistence) forecast: the last observed value for every future row.</summary>
    public static double[] Naive(float[] raw, int origin, int horizon) => Naive(raw.AsSpan(0, origin), horizon);

    /// <summary>The naive forecast of the <paramref name="horizon"/> rows after <paramref name="history"/>.</summary>
    public static double[] Naive(ReadOnlySpan<float> history, int horizon) =>
        Enumerable.Repeat((double)history[^1], horizon).ToArray();

    /// <summary>The absolute error and the sMAPE term of one forecast value.</summary>
    public static (double Absolute, double Symmetric) Errors(double actual, double forecast)
    {
        double absolute = Math.Abs(forecast - actual),
            denominator = Math.Abs(actual) + Math.Abs(forecast);
        return (absolute, denominator > 0 ? 200 * absolute / denominator : 0);
    }
}
