namespace Recurrent.Models.Forecasting;

/// <summary>
/// Which <see cref="SeriesForecaster"/> a <see cref="SeriesForecasterConfig"/> builds (and
/// <see cref="ForecastExperiment"/> trains).
/// </summary>
public enum ForecastModelKind
{
    /// <summary><see cref="AutoregressiveForecaster"/>: one-step model rolled out over the horizon.</summary>
    Autoregressive,

    /// <summary><see cref="EncoderDecoderForecaster"/>: reads the history, emits the horizon.</summary>
    EncoderDecoder,
}
