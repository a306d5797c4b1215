namespace Recurrent.Models.Forecasting;

/// <summary>
/// What a forecast and the training of its networks share, whether the network is fixed
/// (<see cref="ForecastExperiment"/>) or searched for (<see cref="ForecastSearchSettings"/>): the rows forecast, the
/// season, and how every network is trained and sampled. The defaults are the same for every series.
/// </summary>
public abstract record ForecastTrainingSettings
{
    /// <summary>F, the rows forecast (for the search also the spacing of the backtest origins).</summary>
    public int Horizon { get; init; } = 12;

    /// <summary>
    /// The season m (12 for monthly, 24 for hourly data) of the seasonal-naive baseline and MASE; below 2 for none.
    /// </summary>
    public int Season { get; init; } = 12;

    /// <summary>Stacked LSTM layers of every network.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Training updates of every network.</summary>
    public int Steps { get; init; } = 1500;

    /// <summary>Windows per update.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Adam's initial learning rate (it decays linearly to a tenth).</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Trajectories drawn per forecast; the point forecast is their mean in the model's space.</summary>
    public int Samples { get; init; } = 200;

    /// <summary>
    /// The seed of initialisation, batches and sampling (each candidate of a search derives its own from it).
    /// </summary>
    public ulong Seed { get; init; } = 1;
}
