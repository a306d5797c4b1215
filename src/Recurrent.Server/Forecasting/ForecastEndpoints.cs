using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Recurrent.Server.Forecasting;

/// <summary><c>POST /v1/forecast</c>: the distribution of the next values after a history, by sampled paths.</summary>
internal static class ForecastEndpoints
{
    public const string Path = "/v1/forecast";
    private const int MaxQuantiles = 99;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, Forecast)
            .WithName("Forecast")
            .WithSummary("Forecasts the model's horizon after a history: mean, quantiles and sampled paths.")
            .Accepts<ForecastRequest>("application/json")
            .Produces<ForecastResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<IResult> Forecast(HttpContext context, ModelCatalog catalog, ServerOptions options)
    {
        var request = await JsonBody.ReadAsync<ForecastRequest>(context.Request, ServerJson.Options(context));
        var model = catalog.Get<ForecastModel>(request.Model, "a forecaster");
        var history = request.History ?? [];
        if (history.Length < model.MinimumHistory || history.Length > options.MaxSeriesValues)
            throw RequestRejectedException.BadRequest(
                $"\"history\" must have {model.MinimumHistory} to {options.MaxSeriesValues} values (the model reads "
                    + $"{model.Model.History} rows, and its transform {model.Transform.FirstRow} before them); it has "
                    + $"{history.Length}."
            );
        for (int i = 0; i < history.Length; i++)
        {
            if (!float.IsFinite(history[i]))
                throw RequestRejectedException.BadRequest($"Value {i} of \"history\" is too large for a 32-bit float.");
            if (model.Transform.Log && history[i] <= -1)
                throw RequestRejectedException.BadRequest(
                    $"Value {i} of \"history\" is {history[i]}; the model works on log(1 + x), so every value must be "
                        + "above -1."
                );
        }
        int samples = request.Samples ?? 200;
        if (samples < 1 || samples > options.MaxForecastSamples)
            throw RequestRejectedException.BadRequest(
                $"\"samples\" must be in [1, {options.MaxForecastSamples}]; got {samples}."
            );
        double[] quantiles = request.Quantiles ?? [0.1, 0.5, 0.9];
        if (quantiles.Length > MaxQuantiles || quantiles.Any(q => !(q > 0 && q < 1)))
            throw RequestRejectedException.BadRequest(
                $"\"quantiles\" must be at most {MaxQuantiles} probabilities, each in (0, 1); got "
                    + $"[{string.Join(", ", quantiles)}]."
            );
        int paths = request.Paths ?? 0;
        if (paths < 0 || paths > samples)
            throw RequestRejectedException.BadRequest(
                $"\"paths\" must be in [0, {samples}] (the number of samples); got {paths}."
            );
        ulong seed = request.Seed ?? (ulong)Random.Shared.NextInt64();
        var drawn = model.SamplePaths(history, request.Times, request.Covariates, samples, seed);
        int horizon = model.Model.Horizon;
        var mean = new double[horizon];
        var reported = quantiles.Select(q => new ForecastQuantile(q, new double[horizon])).ToArray();
        var column = new double[samples];
        for (int k = 0; k < horizon; k++)
        {
            for (int s = 0; s < samples; s++)
                column[s] = drawn[s][k];
            mean[k] = column.Average();
            Array.Sort(column);
            foreach (var quantile in reported)
                quantile.Values[k] = Quantile(column, quantile.Q);
        }
        return TypedResults.Ok(new ForecastResponse(model.Name, horizon, mean, reported, drawn[..paths], seed));
    }

    // Linear interpolation between the order statistics (the default of NumPy and R's type 7).
    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
