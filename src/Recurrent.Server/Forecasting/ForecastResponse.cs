namespace Recurrent.Server.Forecasting;

/// <summary>The answer of <c>POST /v1/forecast</c>.</summary>
/// <param name="Model">The model that forecast.</param>
/// <param name="Horizon">The steps forecast (the model's horizon).</param>
/// <param name="Mean">The mean of the drawn paths at each step.</param>
/// <param name="Quantiles">Each requested quantile of the drawn paths at each step.</param>
/// <param name="Paths">The first drawn paths, as many as asked.</param>
/// <param name="Seed">The seed used.</param>
internal sealed record ForecastResponse(
    string Model,
    int Horizon,
    double[] Mean,
    IReadOnlyList<ForecastQuantile> Quantiles,
    double[][] Paths,
    ulong Seed
);

/// <summary>One quantile of the forecast.</summary>
/// <param name="Q">The probability, in (0, 1).</param>
/// <param name="Values">The quantile at each step.</param>
internal sealed record ForecastQuantile(double Q, double[] Values);
