namespace Recurrent.Server.Forecasting;

/// <summary>The body of <c>POST /v1/forecast</c>.</summary>
internal sealed class ForecastRequest
{
    /// <summary>The name of a forecaster.</summary>
    public string? Model { get; init; }

    /// <summary>The most recent values of the series, oldest first.</summary>
    public float[]? History { get; init; }

    /// <summary>
    /// The time of each value of <see cref="History"/> (ISO 8601: <c>1960-01-01</c>, <c>2014-12-31T23:00</c>), for a
    /// model that reads calendar features; the forecast's own times follow at the same step.
    /// </summary>
    public DateTime[]? Times { get; init; }

    /// <summary>
    /// For a model that reads measurements beside the series: one row of them per value of <see cref="History"/>,
    /// in the columns' own units, in the order the model was trained with.
    /// </summary>
    public float[][]? Covariates { get; init; }

    /// <summary>How many paths to draw for the quantiles and the mean (default 200).</summary>
    public int? Samples { get; init; }

    /// <summary>The quantiles to report, each in (0, 1) (default 0.1, 0.5, 0.9).</summary>
    public double[]? Quantiles { get; init; }

    /// <summary>How many of the drawn paths to return as well (default 0).</summary>
    public int? Paths { get; init; }

    /// <summary>The seed of the generator (default: a random seed).</summary>
    public ulong? Seed { get; init; }
}
