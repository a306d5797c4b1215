namespace Recurrent.Models.Forecasting;

/// <summary>
/// The forecasts a network has to beat, each made from a history alone: naive (the last value), seasonal naive (the
/// last value of the same season) and Holt-Winters (<see cref="Forecasting.HoltWinters.FitBest"/> fitted to the
/// history, its variant chosen by AICc). The automatic search backtests them on the same origins as the network and
/// falls back to the best of them when the network loses.
/// </summary>
public sealed class BaselineForecaster
{
    /// <summary>Forecasts <paramref name="horizon"/> rows after <paramref name="history"/>.</summary>
    public delegate double[] Method(ReadOnlySpan<float> history, int horizon);

    /// <summary>Forecasts <paramref name="horizon"/> rows after each of <paramref name="origins"/> (ascending), reading
    /// the rows of <paramref name="series"/> before each.</summary>
    private delegate double[][] BacktestMethod(ReadOnlySpan<float> series, IReadOnlyList<int> origins, int horizon);

    private readonly Method _method;
    private readonly BacktestMethod? _backtest;

    private BaselineForecaster(string name, Method method, BacktestMethod? backtest = null)
    {
        Name = name;
        _method = method;
        _backtest = backtest;
    }

    /// <summary>The name printed and saved: <c>naive</c>, <c>seasonal-naive</c> or <c>holt-winters</c>.</summary>
    public string Name { get; }

    /// <summary>The point forecasts of the <paramref name="horizon"/> rows after <paramref name="history"/>.</summary>
    /// <exception cref="ArgumentException">The history is too short for this baseline.</exception>
    public double[] Forecast(ReadOnlySpan<float> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (history.IsEmpty) throw new ArgumentException($"The {Name} forecast needs at least one observed row.");
        return _method(history, horizon);
    }

    /// <summary>
    /// The forecasts of the <paramref name="horizon"/> rows after each of <paramref name="origins"/> (ascending), each
    /// made from the rows of <paramref name="series"/> before it. Naive and seasonal naive forecast from every history
    /// afresh. Holt-Winters is fitted to the rows before the first origin and again before every origin at least a
    /// horizon after the last fit (as the final forecast is made by a fit to the whole training part); the origins in
    /// between run the last fit's parameters forward through their history (its states filtered), so that origins a
    /// fraction of a horizon apart cost no more fits than origins a horizon apart, even on a long series.
    /// </summary>
    /// <exception cref="ArgumentException">The history before the first origin is too short for this
    /// baseline.</exception>
    public double[][] Backtest(ReadOnlySpan<float> series, IReadOnlyList<int> origins, int horizon)
    {
        ArgumentNullException.ThrowIfNull(origins);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (_backtest is not null) return _backtest(series, origins, horizon);
        var forecasts = new double[origins.Count][];
        for (int w = 0; w < origins.Count; w++) forecasts[w] = Forecast(series[..origins[w]], horizon);
        return forecasts;
    }

    /// <summary>Persistence: every future row is the last observed value.</summary>
    public static BaselineForecaster Naive { get; } =
        new("naive", ForecastMetrics.Naive);

    /// <summary>The value of the last observed row of the same season, <c>x_{T+h-m*ceil(h/m)}</c> (naive when m is
    /// below 2).</summary>
    public static BaselineForecaster SeasonalNaive(int season)
    {
        int m = Math.Max(1, season);
        return new("seasonal-naive", (history, horizon) =>
        {
            if (history.Length < m)
                throw new ArgumentException(
                    $"The seasonal-naive forecast of season {m} needs {m} observed rows; " +
                    $"the history has {history.Length}.");
            return ForecastMetrics.SeasonalNaive(history, horizon, m);
        });
    }

    /// <summary>The <see cref="Name"/> of the <see cref="HoltWinters"/> baseline.</summary>
    public const string HoltWintersName = "holt-winters";

    /// <summary>Holt-Winters with season <paramref name="season"/>, refitted to each history it is given.</summary>
    public static BaselineForecaster HoltWinters(int season) =>
        new(HoltWintersName, (history, horizon) => FitHoltWinters(history, season).Forecast(horizon),
            (series, origins, horizon) =>
            {
                var forecasts = new double[origins.Count][];
                Forecasting.HoltWinters? fitted = null;
                int fittedAt = 0;
                var values = new double[origins.Count == 0 ? 0 : origins[^1]];
                for (int t = 0; t < values.Length; t++) values[t] = series[t];
                for (int w = 0; w < origins.Count; w++)
                {
                    int o = origins[w];
                    if (fitted is null || o - fittedAt >= horizon)
                        (fitted, fittedAt) = (FitHoltWinters(series[..o], season), o);
                    else
                        fitted = Forecasting.HoltWinters.Filter(values.AsSpan(0, o), season, fitted.Variant,
                            fitted.Parameters);
                    forecasts[w] = fitted.Forecast(horizon);
                }
                return forecasts;
            });

    /// <summary>Seasonal naive, naive and Holt-Winters, in that order (the order that breaks ties).</summary>
    public static IReadOnlyList<BaselineForecaster> All(int season) =>
        [SeasonalNaive(season), Naive, HoltWinters(season)];

    /// <summary>The Holt-Winters model the <see cref="HoltWinters"/> baseline fits to <paramref
    /// name="history"/>.</summary>
    public static Forecasting.HoltWinters FitHoltWinters(ReadOnlySpan<float> history, int season)
    {
        var values = new double[history.Length];
        for (int t = 0; t < values.Length; t++) values[t] = history[t];
        return Forecasting.HoltWinters.FitBest(values, season);
    }
}
