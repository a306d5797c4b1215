namespace Recurrent.Models.Forecasting;

/// <summary>
/// The held-out scores of <see cref="AutomaticForecast"/>: the chosen forecaster's and each baseline's, on the same
/// observed rows of the tail and the same MASE scale (the training part's seasonal-naive in-sample MAE).
/// </summary>
/// <param name="Search">How the forecaster was chosen, from the training part alone.</param>
/// <param name="Chosen">The chosen forecaster's errors on the held-out tail.</param>
/// <param name="SeasonalNaive">The seasonal-naive forecast's errors.</param>
/// <param name="Naive">The naive forecast's errors.</param>
/// <param name="HoltWinters">The Holt-Winters forecast's errors.</param>
/// <param name="MaseScale">The MASE denominator.</param>
/// <param name="TrainRows">The rows of the training part.</param>
/// <param name="Last">The forecast window, for a plot.</param>
/// <param name="Future">The forecast of the horizon after the whole series, the held-out rows included, made as the
/// search chose (<see cref="ForecastSearch.ForecastAfter"/>): what a user forecasts the series for.</param>
/// <param name="FutureTimes">The times of <paramref name="Future"/>'s rows, at the series' step; null without
/// times.</param>
public sealed record AutomaticForecastReport(
    ForecastSearchResult Search,
    ErrorTally Chosen,
    ErrorTally SeasonalNaive,
    ErrorTally Naive,
    ErrorTally HoltWinters,
    double MaseScale,
    int TrainRows,
    PlottedWindow Last,
    double[] Future,
    DateTime[]? FutureTimes
);
