using Recurrent.Models.Forecasting;
using Recurrent.Tensors;

namespace Recurrent.Server.Forecasting;

/// <summary>
/// A recurrent forecaster behind <c>POST /v1/forecast</c>, with the transform of its target read from its checkpoint.
/// One request at a time samples it.
/// </summary>
internal sealed class ForecastModel(
    string name,
    IReadOnlyDictionary<string, string> config,
    SeriesForecaster model,
    SeriesTransform transform
) : ServedModel(name, model.Config.ModelKind, config)
{
    private readonly Lock _gate = new();

    public SeriesForecaster Model { get; } = model;

    public SeriesTransform Transform { get; } = transform;

    /// <summary>
    /// The fewest history values a forecast needs: the rows the model reads and those the transform uses.
    /// </summary>
    public int MinimumHistory => Model.History + Transform.FirstRow;

    public override string Endpoint => ForecastEndpoints.Path;

    /// <summary>
    /// <paramref name="samples"/> paths of the model's horizon after the last value of <paramref name="history"/>,
    /// in the series' own units: <c>[samples][horizon]</c>.
    /// </summary>
    public double[][] SamplePaths(float[] history, int samples, ulong seed)
    {
        var series = new ForecastSeries(Transform.Forward(history), [], 0, [], 0, Transform.FirstRow);
        float[] z;
        lock (_gate)
            z = Model.Sample(series, [history.Length], samples, new RandomGenerator(seed));
        int horizon = Model.Horizon;
        var paths = new double[samples][];
        for (int s = 0; s < samples; s++)
        {
            var levels = Transform.Levels(z.AsSpan(s * horizon, horizon), history, history.Length);
            paths[s] = Array.ConvertAll(levels, Transform.Raw);
        }
        return paths;
    }
}
