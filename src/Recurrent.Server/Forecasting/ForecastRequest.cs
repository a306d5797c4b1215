namespace Recurrent.Server.Forecasting;

/// <summary>The body of <c>POST /v1/forecast</c>.</summary>
internal sealed class ForecastRequest
{
    /// <summary>The name of a forecaster.</summary>
    public string? Model { get; init; }

    /// <summary>The most recent values of the series, oldest first.</summary>
    public float[]? History { get; init; }

    /// <summary>How many paths to draw for the quantiles and the mean (default 200).</summary>
    public int? Samples { get; init; }

    /// <summary>The quantiles to report, each in (0, 1) (default 0.1, 0.5, 0.9).</summary>
    public double[]? Quantiles { get; init; }

    /// <summary>How many of the drawn paths to return as well (default 0).</summary>
    public int? Paths { get; init; }

    /// <summary>The seed of the generator (default: a random seed).</summary>
    public ulong? Seed { get; init; }
}
