namespace Recurrent.Models.Forecasting;

/// <summary>
/// The forecasts a network has to beat, each made from a history alone: naive (the last value), seasonal naive (the
/// last value of the same season) and Holt-Winters (<see cref="Forecasting.HoltWinters.FitBest"/> fitted to the
/// history, at most its last <see cref="HoltWintersMostRows"/> rows, its variant chosen by AICc). The automatic search
/// backtests them on the same origins as the network and falls back to the best of them when the network loses.
/// </summary>
public sealed class BaselineForecaster
{
    /// <summary>Forecasts <paramref name="horizon"/> rows after <paramref name="history"/>.</summary>
    public delegate double[] Method(ReadOnlySpan<float> history, int horizon);

    private readonly Method _method;

    private BaselineForecaster(string name, Method method)
    {
        Name = name;
        _method = method;
    }

    /// <summary>The name printed and saved: <c>naive</c>, <c>seasonal-naive</c> or <c>holt-winters</c>.</summary>
    public string Name { get; }

    /// <summary>The point forecasts of the <paramref name="horizon"/> rows after <paramref name="history"/>.</summary>
    /// <exception cref="ArgumentException">The history is too short for this baseline.</exception>
    public double[] Forecast(ReadOnlySpan<float> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (history.IsEmpty)
            throw new ArgumentException($"The {Name} forecast needs at least one observed row.");
        return _method(history, horizon);
    }

    /// <summary>Persistence: every future row is the last observed value.</summary>
    public static BaselineForecaster Naive { get; } = new("naive", ForecastMetrics.Naive);

    /// <summary>The value of the last observed row of the same season, <c>x_{T+h-m*ceil(h/m)}</c> (naive when m is
    /// below 2).</summary>
    public static BaselineForecaster SeasonalNaive(int season)
    {
        int m = Math.Max(1, season);
        return new("seasonal-naive", (history, horizon) =>
        {
            if (history.Length < m)
                throw new ArgumentException(
                    $"The seasonal-naive forecast of season {m} needs {m} observed rows; "
                        + $"the history has {history.Length}."
                );
            return ForecastMetrics.SeasonalNaive(history, horizon, m);
        });
    }

    /// <summary>The <see cref="Name"/> of the <see cref="HoltWinters"/> baseline.</summary>
    public const string HoltWintersName = "holt-winters";

    /// <summary>Holt-Winters with season <paramref name="season"/>, refitted to each history it is given.</summary>
    public static BaselineForecaster HoltWinters(int season) =>
        new(HoltWintersName, (history, horizon) => FitHoltWinters(history, season).Forecast(horizon));

    /// <summary>Seasonal naive, naive and Holt-Winters, in that order (the order that breaks ties).</summary>
    public static IReadOnlyList<BaselineForecaster> All(int season) =>
        [SeasonalNaive(season), Naive, HoltWinters(season)];

    /// <summary>
    /// The most rows of a history Holt-Winters is fitted to, its last ones (at least four seasons): each evaluation of
    /// the fit's likelihood runs through every row, hundreds of them per fit, so a minute's readings of a year would
    /// take an hour; the smoothing forgets the older rows anyway.
    /// </summary>
    public const int HoltWintersMostRows = 10_000;

    /// <summary>
    /// The Holt-Winters model the <see cref="HoltWinters"/> baseline fits to <paramref name="history"/>: to its last
    /// <see cref="HoltWintersMostRows"/> rows (or four seasons, if more) when it is longer.
    /// </summary>
    public static Forecasting.HoltWinters FitHoltWinters(ReadOnlySpan<float> history, int season)
    {
        int rows = Math.Min(history.Length, Math.Max(HoltWintersMostRows, 4 * season));
        var values = new double[rows];
        for (int t = 0; t < rows; t++)
            values[t] = history[history.Length - rows + t];
        return Forecasting.HoltWinters.FitBest(values, season);
    }
}
