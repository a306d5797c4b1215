namespace Recurrent.Models.Forecasting;

/// <summary>
/// The backtest of one option of the automatic search, scored over every backtest origin: a baseline, one network
/// configuration, the mean of the best few networks (an ensemble), or that mean averaged with the best baseline (a
/// combination).
/// </summary>
/// <param name="Name">The baseline's name, the configuration's <see cref="ForecastCandidate.Name"/>, or the ensemble's
/// description.</param>
/// <param name="Stage"><c>baseline</c>, <c>transform</c>, <c>model and history</c>, <c>width</c>, <c>ensemble</c> or
/// <c>combination</c>.</param>
/// <param name="Networks">The network configurations whose forecasts are averaged; empty for a baseline.</param>
/// <param name="Baseline">The baseline forecast: the whole forecast of a baseline, half of a combination's; null
/// otherwise.</param>
/// <param name="Mase">MAE over the backtest forecasts divided by the search's MASE scale; infinite when training
/// diverged.</param>
/// <param name="Mae">The mean absolute error over the backtest forecasts.</param>
/// <param name="Smape">sMAPE over the backtest forecasts, in percent.</param>
/// <param name="Seconds">Training and forecasting time (0 for ensembles and combinations, made of forecasts already
/// there).</param>
public sealed record CandidateScore(
    string Name,
    string Stage,
    IReadOnlyList<ForecastCandidate> Networks,
    string? Baseline,
    double Mase,
    double Mae,
    double Smape,
    double Seconds
)
{
    /// <summary>Whether this is a baseline alone, with no network in it.</summary>
    public bool IsBaseline => Networks.Count == 0;
}
