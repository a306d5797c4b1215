using Recurrent.Datasets;
using Recurrent.Models.Forecasting;
using Recurrent.Tensors;
using System.Globalization;

namespace Recurrent.Server.Forecasting;

/// <summary>
/// A recurrent forecaster behind <c>POST /v1/forecast</c>, with the transform of its target and the standardisation of
/// its covariates read from its checkpoint. One request at a time samples it.
/// </summary>
internal sealed class ForecastModel(
    string name,
    IReadOnlyDictionary<string, string> config,
    SeriesForecaster model,
    SeriesTransform transform
) : ServedModel(name, model.Config.ModelKind, config)
{
    private readonly Lock _gate = new();
    private readonly double[] _covariateMean = Numbers(config, "covariate_mean", model.CovariateWidth);
    private readonly double[] _covariateScale = Numbers(config, "covariate_scale", model.CovariateWidth);

    public SeriesForecaster Model { get; } = model;

    public SeriesTransform Transform { get; } = transform;

    /// <summary>
    /// The fewest history values a forecast needs: the rows the model reads and those the transform uses.
    /// </summary>
    public int MinimumHistory => Model.History + Transform.FirstRow;

    public override string Endpoint => ForecastEndpoints.Path;

    /// <summary>
    /// The model's input for a forecast after <paramref name="history"/>: the transformed series, with the calendar
    /// features of <paramref name="times"/> and of the horizon's times after them, and the standardised
    /// <paramref name="covariates"/> of the history, as the model was trained to read them.
    /// </summary>
    /// <exception cref="RequestRejectedException">The model reads times or covariates and they are missing or do not
    /// fit it.</exception>
    public ForecastSeries Prepare(float[] history, DateTime[]? times, float[][]? covariates)
    {
        int rows = history.Length + Model.Horizon;
        var z = new float[rows];
        Transform.Forward(history).CopyTo(z, 0);
        return new ForecastSeries(
            z,
            Calendar(history.Length, times),
            Model.CalendarWidth,
            Covariates(history.Length, rows, covariates),
            Model.CovariateWidth,
            Transform.FirstRow
        );
    }

    private float[] Calendar(int historyRows, DateTime[]? times)
    {
        if (Model.CalendarWidth == 0)
            return [];
        string trained = Config.TryGetValue("calendar", out var described) ? described : "?";
        if (times is null || times.Length != historyRows)
            throw RequestRejectedException.BadRequest(
                $"The model '{Name}' reads calendar features ({trained}): \"times\" must give the time of each of "
                    + $"the {historyRows} history values; it has {times?.Length ?? 0}."
            );
        DateTime[] future;
        try
        {
            future = RegularTimes.Following(times, Model.Horizon);
        }
        catch (ArgumentException e)
        {
            throw RequestRejectedException.BadRequest($"\"times\": {e.Message}");
        }
        DateTime[] all = [.. times, .. future];
        var (values, width) = CalendarFeatures.For(all);
        string given = CalendarFeatures.Describe(all);
        if (width != Model.CalendarWidth || given != trained)
            throw RequestRejectedException.BadRequest(
                $"The model '{Name}' was trained with the calendar features {trained}; times stepping by "
                    + $"{RegularTimes.StepOf(times)} give {given}."
            );
        return values;
    }

    private float[] Covariates(int historyRows, int rows, float[][]? covariates)
    {
        int width = Model.CovariateWidth;
        if (width == 0)
            return [];
        if (
            covariates is null
            || covariates.Length != historyRows
            || covariates.Any(r => r is null || r.Length != width)
        )
            throw RequestRejectedException.BadRequest(
                $"The model '{Name}' reads {width} measurements beside the series: \"covariates\" must have one row "
                    + $"of {width} numbers for each of the {historyRows} history values."
            );
        // Only the history's rows are read (the encoder's); the horizon's stay zero.
        var values = new float[rows * width];
        for (int r = 0; r < historyRows; r++)
            for (int c = 0; c < width; c++)
            {
                if (!float.IsFinite(covariates[r][c]))
                    throw RequestRejectedException.BadRequest($"\"covariates\"[{r}][{c}] is not a finite number.");
                values[r * width + c] = (float)((covariates[r][c] - _covariateMean[c]) / _covariateScale[c]);
            }
        return values;
    }

    // The checkpoint's comma-separated standardisation of the covariates, read once when the model loads: a model
    // that could never answer is refused at start-up rather than with a 400 on every request.
    private static double[] Numbers(IReadOnlyDictionary<string, string> config, string key, int width)
    {
        if (width == 0)
            return [];
        bool scale = key.EndsWith("scale", StringComparison.Ordinal);
        var parts = config.TryGetValue(key, out var text) ? text.Split(',') : [];
        var numbers = new double[parts.Length];
        bool valid = parts.Length == width;
        for (int i = 0; valid && i < parts.Length; i++)
            valid =
                double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])
                && double.IsFinite(numbers[i])
                && (!scale || numbers[i] > 0);
        string expected = $"{width} comma-separated finite numbers" + (scale ? ", each positive" : "");
        return valid
            ? numbers
            : throw new FormatException(
                $"the model reads {width} covariate(s) but its metadata has no valid '{key}' to standardise them "
                    + $"({expected}); got '{text}'."
            );
    }

    /// <summary>
    /// <paramref name="samples"/> paths of the model's horizon after the last value of <paramref name="history"/>,
    /// in the series' own units: <c>[samples][horizon]</c>.
    /// </summary>
    public double[][] SamplePaths(float[] history, DateTime[]? times, float[][]? covariates, int samples, ulong seed)
    {
        var series = Prepare(history, times, covariates);
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
