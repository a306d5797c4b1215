using Recurrent.Tensors;
using Recurrent.Training;
using System.Globalization;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Trains a forecaster on all but the last <see cref="TestRows"/> rows of a series and scores its
/// point forecasts (the mean of sampled trajectories) on the held-out tail, next to the seasonal-naive and naive
/// forecasts. Scaling, the transform and the MASE scale use the training rows only. Its properties, with those it
/// shares with the automatic search (<see cref="ForecastTrainingSettings"/>), are the recipe's.
/// </summary>
public sealed record ForecastExperiment : ForecastTrainingSettings
{
    /// <summary>The forecaster.</summary>
    public ForecastModelKind Model { get; init; } = ForecastModelKind.Autoregressive;

    /// <summary>H, the rows read before each origin.</summary>
    public int History { get; init; } = 24;

    /// <summary>
    /// The rows held out at the end; forecasts start at its first row and every <see cref="Stride"/> rows after.
    /// </summary>
    public int TestRows { get; init; } = 12;

    /// <summary>Rows between the origins of test windows; 0 for the horizon.</summary>
    public int Stride { get; init; }

    /// <summary>
    /// The last rows of the training part that no training window reaches; 0 (the default) for none, else at least
    /// the horizon. Every window whose future lies in them is a validation window: twenty times during training the
    /// model forecasts them as it forecasts the test (the mean of <see cref="ForecastTrainingSettings.Samples"/>
    /// trajectories), and the parameters with the lowest MAE forecast the test windows (and are the run's
    /// <c>best.safetensors</c>). Without validation rows the network trains on the whole training part and its final
    /// parameters forecast.
    /// </summary>
    public int ValidationRows { get; init; }

    /// <summary>Whether the model predicts the seasonal difference <c>y_t - y_{t-m}</c> instead of the level.</summary>
    public bool SeasonalDifference { get; init; }

    /// <summary>Whether the model works on <c>log(1 + x)</c>.</summary>
    public bool Log { get; init; }

    /// <summary>The LSTM width.</summary>
    public int Hidden { get; init; } = 32;

    /// <summary>
    /// Runs the experiment. <paramref name="target"/> has no missing values (filled beforehand);
    /// <paramref name="observed"/> marks the target values that were measured, and only those are scored.
    /// <paramref name="extra"/> is <c>[T, E]</c> of history-only measurements (filled), read by the encoder-decoder.
    /// <paramref name="directory"/> and <paramref name="run"/> go to <see cref="ForecasterTraining.Fit"/>: the run
    /// directory of the trainer's checkpoints (<c>best.safetensors</c> by validation loss, <c>last.safetensors</c>)
    /// and metrics, and how to run it (progress, resuming). The best parameters forecast the test windows.
    /// </summary>
    /// <exception cref="ArgumentException">The settings do not fit the series (too few rows for a window, for
    /// example).</exception>
    public ForecastReport Run(
        float[] target,
        bool[]? observed,
        float[] extra,
        int extraWidth,
        DateTime[]? times,
        Action<string>? log = null,
        string? directory = null,
        Func<Trainer<int[]>, TrainingResult>? run = null
    )
    {
        ArgumentNullException.ThrowIfNull(target);
        int rows = target.Length,
            trainRows = rows - TestRows,
            validationRows = ValidationRows,
            fitRows = trainRows - validationRows;
        int lag = SeasonalDifference ? Season : 0;
        if (SeasonalDifference && Season < 1)
            throw new ArgumentException("A seasonal difference needs a season of at least 1 (--season).");
        if (TestRows < Horizon)
            throw new ArgumentException($"The {TestRows} held-out rows are fewer than the horizon of {Horizon}.");
        if (validationRows != 0 && validationRows < Horizon)
            throw new ArgumentException(
                $"The {validationRows} validation rows are fewer than the horizon of {Horizon}: a validation window "
                    + "needs them all."
            );
        if (fitRows - lag < History + Horizon)
            throw new ArgumentException(
                $"too few rows for one window: {rows} rows, {TestRows} held out"
                    + (validationRows > 0 ? $" for the test and {validationRows} for validation" : "")
                    + $", leave {fitRows - lag} usable for training, but {History} history + "
                    + $"{Horizon} future rows are "
                    + $"needed{(lag > 0 ? $" after the seasonal difference of lag {lag}" : "")}. "
                    + "Use a longer series, or a shorter --history or --horizon."
            );

        var transform = SeriesTransform.Fit(target, trainRows, Log, lag);
        var (calendar, calendarWidth) = CalendarFeatures.For(times);
        var (scaledExtra, extraMean, extraScale) = Standardize(extra, extraWidth, trainRows);
        var series = new ForecastSeries(
            transform.Forward(target),
            calendar,
            calendarWidth,
            scaledExtra,
            extraWidth,
            transform.FirstRow
        );
        var rng = new RandomGenerator(Seed);
        var model = SeriesForecaster.Create(
            new SeriesForecasterConfig(Model, History, Horizon, calendarWidth, extraWidth, Hidden, Layers),
            rng
        );
        Describe(model, transform, CalendarFeatures.Describe(times), extraMean, extraScale);
        var validationOrigins = Enumerable.Range(fitRows, Math.Max(0, validationRows - Horizon + 1)).ToArray();
        var selector = new ValidationMetric<int[]>(
            "mae",
            (origins, context) => ValidationError(model, series, transform, target, observed, origins, context.Random)
        )
        {
            HigherIsBetter = false,
        };
        log?.Invoke(
            $"{model.GetType().Name}: {model.ParameterCount:N0} parameters; {fitRows} training rows, "
                + (validationRows > 0
                    ? $"{validationRows} validation rows ({validationOrigins.Length} window(s)), "
                    : "")
                + $"{TestRows} held out"
        );
        double finalLoss = ForecasterTraining.Fit(
            model,
            series,
            fitRows,
            Steps,
            Batch,
            LearningRate,
            rng,
            (step, loss) => log?.Invoke($"step {step}/{Steps}  nll {loss:F4}"),
            directory,
            run,
            validationOrigins,
            validationOrigins.Length > 0 ? selector : null
        );

        int stride = Stride > 0 ? Stride : Horizon;
        var origins = new List<int>();
        for (int o = trainRows; o + Horizon <= rows; o += stride)
            origins.Add(o);
        double scale = ForecastMetrics.SeasonalNaiveScale(target, trainRows, Season);
        var tallies = (Model: new ErrorTally(), SeasonalNaive: new ErrorTally(), Naive: new ErrorTally());
        PlottedWindow? last = null;
        const int chunk = 16;
        for (int start = 0; start < origins.Count; start += chunk)
        {
            var batch = origins.Skip(start).Take(chunk).ToArray();
            var z = model.Sample(series, batch, Samples, rng);
            for (int w = 0; w < batch.Length; w++)
            {
                int o = batch[w];
                var levels = new double[Samples][];
                for (int s = 0; s < Samples; s++)
                    levels[s] = transform.Levels(z.AsSpan((w * Samples + s) * Horizon, Horizon), target, o);
                var forecast = Enumerable
                    .Range(0, Horizon)
                    .Select(k => transform.Raw(levels.Average(l => l[k])))
                    .ToArray();
                var seasonal = ForecastMetrics.SeasonalNaive(target, o, Horizon, Season);
                var naive = ForecastMetrics.Naive(target, o, Horizon);
                for (int k = 0; k < Horizon; k++)
                {
                    if (observed is not null && !observed[o + k])
                        continue;
                    tallies.Model.Add(target[o + k], forecast[k]);
                    tallies.SeasonalNaive.Add(target[o + k], seasonal[k]);
                    tallies.Naive.Add(target[o + k], naive[k]);
                }
                if (start + w == origins.Count - 1)
                    last = Window(
                        target,
                        observed,
                        times,
                        o,
                        forecast,
                        levels.Select(l => l.Select(transform.Raw).ToArray()).ToArray()
                    );
            }
        }
        if (tallies.Model.Count == 0)
            throw new ArgumentException("No held-out value was observed, so nothing can be scored.");
        return new ForecastReport(
            tallies.Model,
            tallies.SeasonalNaive,
            tallies.Naive,
            scale,
            origins.Count,
            finalLoss,
            last!
        )
        {
            Forecaster = model,
        };
    }

    // The MAE, in the series' units, of the point forecasts from the validation origins (observed values only).
    private double ValidationError(
        SeriesForecaster model,
        ForecastSeries series,
        SeriesTransform transform,
        float[] target,
        bool[]? observed,
        int[] origins,
        RandomGenerator rng
    )
    {
        var z = model.Sample(series, origins, Samples, rng);
        var errors = new ErrorTally();
        for (int w = 0; w < origins.Length; w++)
        {
            int o = origins[w];
            var levels = new double[Samples][];
            for (int s = 0; s < Samples; s++)
                levels[s] = transform.Levels(z.AsSpan((w * Samples + s) * Horizon, Horizon), target, o);
            for (int k = 0; k < Horizon; k++)
                if (observed is null || observed[o + k])
                    errors.Add(target[o + k], transform.Raw(levels.Average(l => l[k])));
        }
        return errors.Count == 0 ? double.NaN : errors.Mae;
    }

    private PlottedWindow Window(
        float[] target,
        bool[]? observed,
        DateTime[]? times,
        int origin,
        double[] forecast,
        double[][] trajectories
    )
    {
        int shown = Math.Min(origin, Math.Max(History, 4 * Math.Max(Season, Horizon)));
        double Time(int row) => times is null ? row : times[row].ToOADate();
        var historyRows = Enumerable.Range(origin - shown, shown).ToArray();
        var futureRows = Enumerable.Range(origin, Horizon).ToArray();
        return new PlottedWindow(
            historyRows.Select(Time).ToArray(),
            historyRows.Select(r => observed is null || observed[r] ? target[r] : double.NaN).ToArray(),
            futureRows.Select(Time).ToArray(),
            futureRows.Select(r => observed is null || observed[r] ? target[r] : double.NaN).ToArray(),
            forecast,
            trajectories
        );
    }

    // What a user of the exported model needs to prepare its inputs and read its outputs the way Run does.
    internal static void Describe(
        SeriesForecaster model,
        SeriesTransform transform,
        string calendar,
        double[] covariateMean,
        double[] covariateScale
    )
    {
        static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        model.Description["z_log1p"] = transform.Log ? "true" : "false";
        model.Description["z_season_lag"] = transform.SeasonLag.ToString(CultureInfo.InvariantCulture);
        model.Description["z_mean"] = Number(transform.Mean);
        model.Description["z_scale"] = Number(transform.Scale);
        model.Description["z_definition"] =
            "y = log(1 + x) if z_log1p else x; d_t = y_t - y_{t - z_season_lag} (d = y when the lag is 0); z = (d - "
                + "z_mean) / z_scale";
        if (transform.FirstDifference)
        {
            model.Description["z_first_difference"] = "true";
            model.Description["z_definition"] =
                "y = log(1 + x) if z_log1p else x; d_t = y_t - y_{t - z_season_lag} (d = y when the lag is 0); "
                + "e_t = d_t - d_{t-1}; z = (e - z_mean) / z_scale";
        }
        model.Description["calendar"] = calendar;
        if (model.CovariateWidth > 0)
        {
            model.Description["covariate_mean"] = string.Join(",", covariateMean.Select(Number));
            model.Description["covariate_scale"] = string.Join(",", covariateScale.Select(Number));
        }
        model.Description["output"] =
            "mean and log_std of a Gaussian over z (Recurrent draws with log_std clamped to [-10, 5])";
    }

    private static (float[] Scaled, double[] Mean, double[] Scale) Standardize(float[] values, int width, int trainRows)
    {
        var means = new double[width];
        var scales = new double[width];
        var scaled = (float[])values.Clone();
        for (int c = 0; c < width; c++)
        {
            double mean = 0,
                squares = 0;
            for (int r = 0; r < trainRows; r++)
                mean += values[r * width + c];
            mean /= trainRows;
            for (int r = 0; r < trainRows; r++)
                squares += Math.Pow(values[r * width + c] - mean, 2);
            double spread = Math.Sqrt(squares / trainRows);
            if (spread == 0)
                spread = 1;
            means[c] = mean;
            scales[c] = spread;
            for (int r = 0; r < values.Length / width; r++)
                scaled[r * width + c] = (float)((values[r * width + c] - mean) / spread);
        }
        return (scaled, means, scales);
    }
}
