namespace Recurrent.Models.Forecasting;

/// <summary>
/// The scores of a forecaster and the two baselines on the test windows, and the last window for a plot.
/// </summary>
public sealed record ForecastReport(
    ErrorTally Model,
    ErrorTally SeasonalNaive,
    ErrorTally Naive,
    double MaseScale,
    int Windows,
    double FinalTrainingLoss,
    PlottedWindow Last
)
{
    /// <summary>
    /// The trained forecaster, with its <see cref="SeriesForecaster.Description"/> filled in (for
    /// <see cref="SeriesForecaster.Save"/>).
    /// </summary>
    public SeriesForecaster? Forecaster { get; init; }
}

/// <summary>
/// One test window in the series' units: the rows before the origin, the truth (NaN where missing), the point
/// forecast, and the sampled trajectories <c>[samples, horizon]</c>; times are row numbers or OLE dates.
/// </summary>
public sealed record PlottedWindow(
    double[] HistoryTimes,
    double[] History,
    double[] FutureTimes,
    double[] Truth,
    double[] Forecast,
    double[][] Trajectories
);
