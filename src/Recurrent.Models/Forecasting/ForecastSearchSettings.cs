namespace Recurrent.Models.Forecasting;

/// <summary>
/// What <see cref="ForecastSearch"/> may try and how long it may take, beside the forecast and training settings it
/// shares with a fixed network (<see cref="ForecastTrainingSettings"/>; the histories tried are multiples of the
/// season). The defaults are the same for every series: nothing here is tuned to one dataset.
/// </summary>
public sealed record ForecastSearchSettings : ForecastTrainingSettings
{
    /// <summary>The most backtest origins, one horizon apart, ending where the training part ends.</summary>
    public int Origins { get; init; } = 3;

    /// <summary>The history lengths tried, as multiples of the season (of the horizon when there is no
    /// season).</summary>
    public IReadOnlyList<int> HistoryCycles { get; init; } = [1, 2, 3];

    /// <summary>The LSTM widths tried; the first one is used while the transform, model and history are
    /// chosen.</summary>
    public IReadOnlyList<int> Widths { get; init; } = [32, 64];

    /// <summary>The best candidates whose forecasts are averaged into the network forecast (1: the best one
    /// alone).</summary>
    public int EnsembleSize { get; init; } = 3;

    /// <summary>The seeds each chosen network is trained with on the whole training part; its forecast is their mean
    /// (a network's held-out error moves with its seed).</summary>
    public int SeedsPerMember { get; init; } = 2;

    /// <summary>
    /// The wall-clock budget in minutes. The search stops trying candidates when the next one and the final training
    /// would not fit in it; the baselines, the first candidate and the final training always run.
    /// </summary>
    public double MaxMinutes { get; init; } = 5;

    /// <summary>
    /// Where the final trainings of the chosen networks write their runs, one folder per trained network in the
    /// order of <see cref="ForecastSearchResult.Networks"/>: <c>model</c> when there is one, else <c>model-1</c>,
    /// <c>model-2</c>, ...; each holds <c>last.safetensors</c>, <c>metrics.jsonl</c> and <c>best.safetensors</c> (the
    /// backtests chose the configuration, so the final parameters are the only candidate and best is a copy of last).
    /// Null writes nothing; a fallback to a baseline trains nothing.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>
    /// The name of the run folder (and of the saved model, with <c>.safetensors</c>) of trained network
    /// <paramref name="index"/> (from 0) of <paramref name="count"/>: <c>model</c> alone, else <c>model-1</c>, ....
    /// </summary>
    public static string NetworkName(int index, int count) => count == 1 ? "model" : $"model-{index + 1}";
}
