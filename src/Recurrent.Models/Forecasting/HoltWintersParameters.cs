namespace Recurrent.Models.Forecasting;

/// <summary>
/// The smoothing parameters and initial states of a <see cref="HoltWinters"/> model, as statsmodels'
/// <c>ExponentialSmoothing</c> names them: <c>smoothing_level</c> (alpha), <c>smoothing_trend</c> (beta),
/// <c>smoothing_seasonal</c> (gamma), <c>damping_trend</c> (phi; 1 without damping), <c>initial_level</c>,
/// <c>initial_trend</c> and <c>initial_seasons</c> (the factors of the m rows before the first observation, oldest
/// first; empty without a season).
/// </summary>
public sealed record HoltWintersParameters(
    double Alpha,
    double Beta,
    double Gamma,
    double Phi,
    double Level,
    double Trend,
    IReadOnlyList<double> Seasonals
);
