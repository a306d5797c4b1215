namespace Recurrent.Models.Forecasting;

/// <summary>What <see cref="ForecastExperiment"/> trains and how it scores it.</summary>
public sealed record ForecastSettings
{
    /// <summary>The forecaster.</summary>
    public ForecastModelKind Model { get; init; } = ForecastModelKind.Autoregressive;

    /// <summary>H, the rows read before each origin.</summary>
    public int History { get; init; } = 24;

    /// <summary>F, the rows forecast.</summary>
    public int Horizon { get; init; } = 12;

    /// <summary>The rows held out at the end; forecasts start at its first row and every <see cref="Stride"/> rows after.</summary>
    public int TestRows { get; init; } = 12;

    /// <summary>Rows between the origins of test windows; 0 for the horizon.</summary>
    public int Stride { get; init; }

    /// <summary>The season m (12 for monthly, 24 for hourly data) of the seasonal-naive baseline and MASE; 0 for none.</summary>
    public int Season { get; init; } = 12;

    /// <summary>Whether the model predicts the seasonal difference <c>y_t - y_{t-m}</c> instead of the level.</summary>
    public bool SeasonalDifference { get; init; }

    /// <summary>Whether the model works on <c>log(1 + x)</c>.</summary>
    public bool Log { get; init; }

    /// <summary>The LSTM width.</summary>
    public int Hidden { get; init; } = 32;

    /// <summary>Stacked LSTM layers.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Training updates.</summary>
    public int Steps { get; init; } = 1500;

    /// <summary>Windows per update.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Adam's initial learning rate.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Trajectories drawn per test window; the point forecast is their mean in the model's space.</summary>
    public int Samples { get; init; } = 200;

    /// <summary>The seed of initialisation, batches and sampling.</summary>
    public ulong Seed { get; init; } = 1;
}
