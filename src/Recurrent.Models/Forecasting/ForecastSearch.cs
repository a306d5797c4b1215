using Recurrent.Datasets;
using Recurrent.Tensors;
using Recurrent.Training;
using System.Diagnostics;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Chooses a forecaster for a series by itself, from the training part alone. Rolling-origin backtests: up to
/// <see cref="ForecastSearchSettings.Origins"/> origins one horizon apart in the tail of the training part; each
/// network candidate is trained once on the rows before the first origin and forecasts from every origin (reading
/// the observed rows before it as history), and the baselines (seasonal naive, naive, Holt-Winters) forecast from the
/// same origins. All are scored by MASE on the same scale. The candidates are chosen in stages: the transform first
/// (the level, the seasonal difference, and the seasonal and first difference, each with and without log(1 + x) when no
/// value is negative; at the first width, two cycles of history, the autoregressive model), then the model and the
/// history (one to three cycles) with that transform, then the other widths for the best so far. The network forecast
/// is the mean of the
/// <see cref="ForecastSearchSettings.EnsembleSize"/> best candidates (an ensemble: three origins rank single
/// configurations noisily, and the mean of a few is steadier than the luckiest one), alone or averaged with the best
/// baseline (a combination), whichever backtests better. That network option must beat the best baseline's backtest
/// MASE by more than the backtest's noise (one standard error of the mean paired difference of their absolute errors,
/// in MASE units: three origins are few, and a tie should keep the simpler forecast); then its members are trained
/// again on the whole training part, each with <see cref="ForecastSearchSettings.SeedsPerMember"/> seeds, and the mean
/// of their forecasts forecasts the horizon after it. Otherwise the best baseline forecasts. A training part too short
/// for the differenced candidates' backtests tries the level alone; one too short for any network's chooses among the
/// baselines, from origins with two cycles before them (<see cref="ForecastSearchResult.TooShortForNetworks"/>).
/// </summary>
public static class ForecastSearch
{
    /// <summary>
    /// Runs the search on <paramref name="training"/> (the training part only: nothing after it is given, so nothing
    /// after it can be read) and forecasts the <see cref="ForecastTrainingSettings.Horizon"/> rows after it.
    /// <paramref name="times"/>, when given, holds the time of every training row and of the forecast rows (for the
    /// calendar features); <paramref name="log"/> gets a line per candidate.
    /// </summary>
    /// <exception cref="ArgumentException">A value is missing or not finite, or the training part is too short for one
    /// backtest origin even of the baselines.</exception>
    public static ForecastSearchResult Run(
        float[] training,
        DateTime[]? times,
        ForecastSearchSettings settings,
        Action<string>? log = null
    )
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        int n = training.Length,
            h = settings.Horizon,
            season = settings.Season;
        ArgumentOutOfRangeException.ThrowIfLessThan(h, 1);
        if (!(settings.MaxMinutes >= 0))
            throw new ArgumentException(
                $"The budget (--max-minutes) must be a number of minutes, at least 0; it is {settings.MaxMinutes}."
            );
        if (settings.Widths.Count == 0 || settings.HistoryCycles.Count == 0 || settings.HistoryCycles.Min() < 1)
            throw new ArgumentException("The search needs at least one width and one history of at least one cycle.");
        for (int t = 0; t < n; t++)
            if (!float.IsFinite(training[t]))
                throw new ArgumentException(
                    $"Row {t} of the training part is {training[t]}; "
                        + "fill missing values first (for the CLI, --missing ffill or interpolate)."
                );
        if (times is not null && times.Length < n + h)
            throw new ArgumentException(
                $"The times cover {times.Length} rows; the training part and the forecast need {n + h}."
            );

        // Differencing loses the first lag + 1 rows (seasonal and first difference).
        int lag = season >= 2 ? season : 0,
            cycle = season >= 2 ? season : h,
            lost = lag + 1;
        int shortest = cycle * settings.HistoryCycles.Min(),
            needBefore = lost + shortest + 2 * h;
        int OriginsAfter(int rowsBefore) => Math.Min(settings.Origins, (n - rowsBefore) / h);
        int originCount = OriginsAfter(needBefore);
        // A short series (six years of months for a year's forecast) still gets a choice: first without the
        // differenced candidates, whose backtests need the most rows; then among the baselines alone, whose
        // Holt-Winters needs two cycles before the first origin.
        bool differenced = true,
            networksFit = true;
        if (originCount < 1 && OriginsAfter(shortest + 2 * h) >= 1)
        {
            differenced = false;
            lost = 0;
            originCount = OriginsAfter(shortest + 2 * h);
            log?.Invoke(
                $"short series: {n} training rows leave no backtest origin for differenced candidates (they need "
                    + $"{needBefore + h}); only the level is tried"
            );
        }
        else if (originCount < 1 && OriginsAfter(2 * cycle) >= 1)
        {
            networksFit = false;
            originCount = OriginsAfter(2 * cycle);
            log?.Invoke(
                $"short series: {n} training rows leave no backtest origin for a network (it needs "
                    + $"{shortest + 3 * h}); the choice is among the baselines"
            );
        }
        if (originCount < 1)
            throw new ArgumentException(
                $"too few rows for the backtests: the training part has {n} rows, but one backtest origin needs "
                    + $"{needBefore + h} ({lost} lost to differencing + {shortest} history + {2 * h} rows to train on "
                    + $"before it, and {h} after it)"
                    + (
                        settings.Origins > 1
                            ? $", and {settings.Origins} origins need {needBefore + settings.Origins * h}"
                            : ""
                    )
                    + $"; even the baselines' backtest needs {2 * cycle + h}"
                    + ". Use a longer series or a shorter horizon, or give the model options (--model, --history, ...) "
                    + "for a fixed network."
            );
        var origins = Enumerable.Range(0, originCount).Select(j => n - (originCount - j) * h).ToArray();
        int first = origins[0];
        double scale = MaseScale(training, first, season);
        log?.Invoke(
            $"backtests: {originCount} origin(s) at rows {string.Join(", ", origins)} of {n} training rows; "
                + $"MASE scale {scale:G4}"
        );

        var scores = new List<CandidateScore>();
        var backtests = new Dictionary<string, double[][]>();
        var baselines = BaselineForecaster.All(season);
        foreach (var baseline in baselines)
        {
            var watch = Stopwatch.StartNew();
            backtests[baseline.Name] = origins.Select(o => baseline.Forecast(training.AsSpan(0, o), h)).ToArray();
            scores.Add(
                Score(
                    baseline.Name,
                    "baseline",
                    [],
                    baseline.Name,
                    backtests[baseline.Name],
                    training,
                    origins,
                    scale,
                    watch.Elapsed.TotalSeconds
                )
            );
            log?.Invoke(Describe(scores[^1]));
        }

        var frame = new SearchFrame(training, times, settings);
        var networks = new Dictionary<string, CandidateScore>();
        var skipped = new List<string>();
        double slowest = 0;
        void Try(ForecastCandidate candidate, string stage)
        {
            if (networks.ContainsKey(candidate.Name) || skipped.Contains(candidate.Name))
                return;
            if (skipped.Count == 0 && networks.Count > 0)
            {
                // The next candidate and the final training of the ensemble (each member as wide as the widest so far)
                // must fit.
                double Cost(int hidden) => slowest * Math.Max(1, hidden / (double)settings.Widths[0]);
                int widest = Math.Max(candidate.Hidden, networks.Values.Max(v => v.Networks[0].Hidden));
                double needed = Cost(candidate.Hidden) + FinalTrainings(settings) * Cost(widest);
                if (clock.Elapsed.TotalSeconds + needed > settings.MaxMinutes * 60)
                    skipped.Add(candidate.Name);
            }
            if (skipped.Count > 0)
            {
                if (!skipped.Contains(candidate.Name))
                    skipped.Add(candidate.Name);
                return;
            }
            var watch = Stopwatch.StartNew();
            var forecasts = frame.Backtest(candidate, origins);
            backtests[candidate.Name] = forecasts;
            var score = Score(
                candidate.Name,
                stage,
                [candidate],
                null,
                forecasts,
                training,
                origins,
                scale,
                watch.Elapsed.TotalSeconds
            );
            slowest = Math.Max(slowest, score.Seconds);
            networks[candidate.Name] = score;
            scores.Add(score);
            log?.Invoke(Describe(score));
        }
        double[][] NetworkBacktest(CandidateScore option) =>
            backtests[option.Baseline is null ? EnsembleKey : CombinationKey];
        ForecastCandidate? Leader() => Ranked(networks.Values).FirstOrDefault()?.Networks[0];

        // The candidates in stages: the transform, then the model and its history, then the width.
        void TryNetworks()
        {
            // log(1 + x) needs values above -1; a count or a concentration with zeros is as skewed as a positive
            // series.
            bool loggable = training.All(v => v >= 0);
            int width = settings.Widths[0];
            int longest = first - lost - 2 * h;
            var histories = settings
                .HistoryCycles.Select(c => c * cycle)
                .Where(r => r <= longest)
                .Distinct()
                .Order()
                .ToArray();
            int usual = histories.Contains(2 * cycle) ? 2 * cycle : histories[^1];
            (bool Seasonal, bool First)[] differences =
                !differenced ? [(false, false)]
                : lag > 0 ? [(false, false), (true, false), (true, true)]
                : [(false, false), (false, true)];
            foreach (bool logged in loggable ? new[] { false, true } : [false])
                foreach (var (seasonal, firstDifference) in differences)
                {
                    var kind = ForecastModelKind.Autoregressive;
                    var candidate = new ForecastCandidate(logged, seasonal, firstDifference, kind, usual, width);
                    Try(candidate, "transform");
                }
            var leader = Leader()
                ?? new ForecastCandidate(false, false, false, ForecastModelKind.Autoregressive, usual, width);
            foreach (var model in new[] { ForecastModelKind.Autoregressive, ForecastModelKind.EncoderDecoder })
                foreach (int history in histories)
                    Try(leader with { Model = model, History = history }, "model and history");
            leader = Leader() ?? leader;
            foreach (int other in settings.Widths.Skip(1))
                Try(leader with { Hidden = other }, "width");
        }

        if (networksFit)
            TryNetworks();
        if (skipped.Count > 0)
            log?.Invoke($"budget of {settings.MaxMinutes:G3} min: {skipped.Count} candidate(s) not tried");

        var bestBaseline = scores.Where(s => s.IsBaseline).MinBy(s => s.Mase)!;
        var members = Ranked(networks.Values)
            .Take(Math.Max(1, settings.EnsembleSize))
            .Select(s => s.Networks[0])
            .ToArray();
        CandidateScore? bestNetwork = null;
        if (members.Length > 0)
        {
            string ensembleName = members.Length == 1 ? members[0].Name : $"ensemble of {members.Length} networks";
            var ensemble = Mean(members.Select(m => backtests[m.Name]).ToArray());
            var combined = Mean([ensemble, backtests[bestBaseline.Name]]);
            backtests[EnsembleKey] = ensemble;
            backtests[CombinationKey] = combined;
            var options = new[]
            {
                Score(ensembleName, "ensemble", members, null, ensemble, training, origins, scale, 0),
                Score(
                    $"{ensembleName} + {bestBaseline.Name}",
                    "combination",
                    members,
                    bestBaseline.Name,
                    combined,
                    training,
                    origins,
                    scale,
                    0
                ),
            };
            foreach (var option in options)
            {
                scores.Add(option);
                log?.Invoke(Describe(option));
            }
            bestNetwork = Ranked(options).FirstOrDefault();
        }

        var holtWinters = BaselineForecaster.FitHoltWinters(training, season);
        var baselineForecasts = baselines
            .Where(b => b.Name != BaselineForecaster.HoltWintersName)
            .ToDictionary(b => b.Name, b => b.Forecast(training, h));
        baselineForecasts[BaselineForecaster.HoltWintersName] = holtWinters.Forecast(h);
        double margin = bestNetwork is null
            ? 0
            : Noise(backtests[bestBaseline.Name], NetworkBacktest(bestNetwork), training, origins) / scale;
        bool useNetwork = bestNetwork is not null && bestNetwork.Mase < bestBaseline.Mase - margin;
        var choice = useNetwork ? bestNetwork! : bestBaseline;
        var trained = new List<SeriesForecaster>();
        double[] forecast = baselineForecasts[bestBaseline.Name];
        double[][] trajectories = [];
        double[]? networkForecast = null;
        if (useNetwork)
        {
            var finals = new List<double[]>();
            var paths = new List<double[]>();
            int seeds = Math.Max(1, settings.SeedsPerMember),
                count = choice.Networks.Count * seeds;
            foreach (var member in choice.Networks)
                for (int replica = 0; replica < seeds; replica++)
                {
                    log?.Invoke(
                        $"training {member.Name} on all {n} training rows"
                            + (seeds > 1 ? $" (seed {replica + 1} of {seeds})" : "")
                    );
                    string? directory = settings.Directory is { } d
                        ? Path.Combine(d, ForecastSearchSettings.NetworkName(trained.Count, count))
                        : null;
                    var (model, memberForecast, memberPaths) = frame.TrainAndForecast(member, replica, directory);
                    trained.Add(model);
                    finals.Add(memberForecast);
                    paths.AddRange(memberPaths);
                }
            forecast = Enumerable.Range(0, h).Select(k => finals.Average(f => f[k])).ToArray();
            networkForecast = forecast;
            trajectories = [.. paths];
            if (choice.Baseline is not null)
            {
                var other = baselineForecasts[choice.Baseline];
                forecast = forecast.Select((v, k) => (v + other[k]) / 2).ToArray();
                trajectories = trajectories.Select(p => p.Select((v, k) => (v + other[k]) / 2).ToArray()).ToArray();
            }
        }
        return new ForecastSearchResult
        {
            Scores = scores,
            Origins = origins,
            MaseScale = scale,
            Choice = choice,
            BestBaseline = bestBaseline,
            BestNetwork = bestNetwork,
            Forecast = forecast,
            NetworkForecast = networkForecast,
            Trajectories = trajectories,
            BaselineForecasts = baselineForecasts,
            HoltWinters = holtWinters,
            Networks = trained,
            Skipped = skipped,
            Margin = margin,
            TooShortForNetworks = !networksFit,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// The forecast of the <see cref="ForecastTrainingSettings.Horizon"/> rows after the whole of
    /// <paramref name="series"/>, made as <paramref name="result"/> chose: its networks, trained on the training part,
    /// read the series to its end (each with the transform it was trained with), and a baseline is fitted to all of
    /// it; averaged as for the choice's own forecast. <paramref name="times"/>, when given, are the series' rows'
    /// times, and the rows after them follow at their step.
    /// </summary>
    /// <exception cref="ArgumentException">The times do not cover the series or do not step evenly.</exception>
    public static double[] ForecastAfter(
        ForecastSearchResult result,
        float[] series,
        DateTime[]? times,
        ForecastSearchSettings settings
    )
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        int n = series.Length,
            h = settings.Horizon;
        if (times is not null && times.Length < n)
            throw new ArgumentException($"The times cover {times.Length} rows; the series has {n}.");
        var choice = result.Choice;
        double[] Baseline(string name) =>
            BaselineForecaster.All(settings.Season).First(b => b.Name == name).Forecast(series, h);
        if (choice.IsBaseline)
            return Baseline(choice.Name);
        var padded = series.Concat(Enumerable.Repeat(float.NaN, h)).ToArray();
        DateTime[]? extended = times is null ? null : [.. times[..n], .. RegularTimes.Following(times[..n], h)];
        var frame = new SearchFrame(padded, extended, settings);
        var forecasts = result.Networks.Select((model, i) => frame.ForecastFrom(model, n, i)).ToArray();
        var mean = Enumerable.Range(0, h).Select(k => forecasts.Average(f => f[k])).ToArray();
        if (choice.Baseline is not { } other)
            return mean;
        var baseline = Baseline(other);
        return [.. mean.Select((v, k) => (v + baseline[k]) / 2)];
    }

    /// <summary>
    /// The in-sample MAE of the seasonal-naive forecast over <c>[0, rows)</c>, or of the naive one when that is 0 (a
    /// perfectly periodic series), or 1 when the series is constant, so that MASE stays finite.
    /// </summary>
    public static double MaseScale(float[] series, int rows, int season)
    {
        ArgumentNullException.ThrowIfNull(series);
        double scale = ForecastMetrics.SeasonalNaiveScale(series, rows, season);
        if (scale > 0)
            return scale;
        scale = ForecastMetrics.SeasonalNaiveScale(series, rows, 1);
        return scale > 0 ? scale : 1;
    }

    // The trainings the chosen networks need at the end, which the budget keeps room for.
    private static int FinalTrainings(ForecastSearchSettings settings) =>
        Math.Max(1, settings.EnsembleSize) * Math.Max(1, settings.SeedsPerMember);

    // Keys of the ensemble's and the combination's backtest forecasts (no candidate name has a space before '(').
    private const string EnsembleKey = " (ensemble)",
        CombinationKey = " (combination)";

    // The standard error of the mean paired difference between the absolute errors of two sets of backtest forecasts.
    private static double Noise(double[][] a, double[][] b, float[] training, int[] origins)
    {
        var differences = new List<double>();
        for (int w = 0; w < origins.Length; w++)
            for (int k = 0; k < a[w].Length; k++)
            {
                double actual = training[origins[w] + k];
                differences.Add(Math.Abs(a[w][k] - actual) - Math.Abs(b[w][k] - actual));
            }
        if (differences.Count < 2)
            return 0;
        double mean = differences.Average();
        double variance = differences.Sum(d => (d - mean) * (d - mean)) / (differences.Count - 1);
        double error = Math.Sqrt(variance / differences.Count);
        return double.IsFinite(error) ? error : 0;
    }

    // The finite scores, best first (ties keep their order).
    private static IEnumerable<CandidateScore> Ranked(IEnumerable<CandidateScore> scores) =>
        scores.Where(s => double.IsFinite(s.Mase)).OrderBy(s => s.Mase);

    // The element-wise mean of several sets of per-origin forecasts [origins][horizon].
    private static double[][] Mean(double[][][] sets) =>
        Enumerable
            .Range(0, sets[0].Length)
            .Select(w => Enumerable.Range(0, sets[0][w].Length).Select(k => sets.Average(f => f[w][k])).ToArray())
            .ToArray();

    private static CandidateScore Score(
        string name,
        string stage,
        IReadOnlyList<ForecastCandidate> networks,
        string? baseline,
        double[][] forecasts,
        float[] training,
        int[] origins,
        double scale,
        double seconds
    )
    {
        var tally = new ErrorTally();
        for (int w = 0; w < origins.Length; w++)
            for (int k = 0; k < forecasts[w].Length; k++)
                tally.Add(training[origins[w] + k], forecasts[w][k]);
        double mase = tally.Mase(scale);
        return double.IsFinite(mase)
            ? new(name, stage, networks, baseline, mase, tally.Mae, tally.Smape, seconds)
            : new(
                name,
                stage,
                networks,
                baseline,
                double.PositiveInfinity,
                double.PositiveInfinity,
                double.PositiveInfinity,
                seconds
            );
    }

    private static string Describe(CandidateScore score) =>
        $"{score.Stage,-17} {score.Name,-62} backtest MASE {score.Mase,7:F3}  sMAPE {score.Smape,6:F2}  "
        + $"{score.Seconds,5:F1} s";

    // The training part and what every candidate shares.
    private sealed class SearchFrame(float[] training, DateTime[]? times, ForecastSearchSettings settings)
    {
        // Trains on the rows before the first origin and forecasts from every origin; infinities when training
        // diverges.
        public double[][] Backtest(ForecastCandidate candidate, int[] origins)
        {
            try
            {
                var rng = new RandomGenerator(Seed(candidate.Name));
                var (model, transform, series) = Train(candidate, training, origins[0], rng);
                return Forecast(model, transform, series, training, origins, rng).Forecasts;
            }
            catch (TrainingDivergedException)
            {
                return origins
                    .Select(_ => Enumerable.Repeat(double.PositiveInfinity, settings.Horizon).ToArray())
                    .ToArray();
            }
        }

        // The replica's seed differs from the backtest's; replica 0 keeps the one the final training always had.
        public (SeriesForecaster Model, double[] Forecast, double[][] Trajectories) TrainAndForecast(
            ForecastCandidate candidate,
            int replica,
            string? directory
        )
        {
            int n = training.Length,
                h = settings.Horizon;
            // The rows to forecast are unknown: NaN, never read (only their calendar features are).
            var padded = training.Concat(Enumerable.Repeat(float.NaN, h)).ToArray();
            var rng = new RandomGenerator(Seed((replica == 0 ? "final " : $"final {replica} ") + candidate.Name));
            var (model, transform, series) = Train(candidate, padded, n, rng, directory);
            var (forecasts, trajectories) = Forecast(model, transform, series, padded, [n], rng);
            ForecastExperiment.Describe(model, transform, CalendarFeatures.Describe(times?[..(n + h)]), [], []);
            return (model, forecasts[0], trajectories[0]);
        }

        // A trained model's mean forecast from `origin` of this frame's series, with the transform it was trained
        // with (in its metadata).
        public double[] ForecastFrom(SeriesForecaster model, int origin, int member)
        {
            var transform = SeriesTransform.FromMetadata(model.ToMetadata());
            var (calendar, calendarWidth) = CalendarFeatures.For(times?[..training.Length]);
            var series = new ForecastSeries(
                transform.Forward(training),
                calendar,
                calendarWidth,
                [],
                0,
                transform.FirstRow
            );
            var rng = new RandomGenerator(Seed($"after the series {member}"));
            return Forecast(model, transform, series, training, [origin], rng).Forecasts[0];
        }

        // Trains on the rows before trainRows of raw; the series spans all of raw (calendar features included).
        private (SeriesForecaster, SeriesTransform, ForecastSeries) Train(
            ForecastCandidate candidate,
            float[] raw,
            int trainRows,
            RandomGenerator rng,
            string? directory = null
        )
        {
            int lag = candidate.SeasonalDifference ? settings.Season : 0;
            var transform = SeriesTransform.Fit(raw, trainRows, candidate.Log, lag, candidate.FirstDifference);
            var (calendar, calendarWidth) = CalendarFeatures.For(times?[..raw.Length]);
            var series = new ForecastSeries(transform.Forward(raw), calendar, calendarWidth, [], 0, transform.FirstRow);
            int history = candidate.History,
                h = settings.Horizon,
                hidden = candidate.Hidden,
                layers = settings.Layers;
            var model = SeriesForecaster.Create(
                new SeriesForecasterConfig(candidate.Model, history, h, calendarWidth, 0, hidden, layers),
                rng
            );
            ForecasterTraining.Fit(
                model,
                series,
                trainRows,
                settings.Steps,
                settings.Batch,
                settings.LearningRate,
                rng,
                directory: directory
            );
            return (model, transform, series);
        }

        // The mean of the sampled paths in the model's space, in the series' units, per origin; and the paths.
        private (double[][] Forecasts, double[][][] Trajectories) Forecast(
            SeriesForecaster model,
            SeriesTransform transform,
            ForecastSeries series,
            float[] raw,
            int[] at,
            RandomGenerator rng
        )
        {
            int h = settings.Horizon,
                samples = settings.Samples;
            var z = model.Sample(series, at, samples, rng);
            var forecasts = new double[at.Length][];
            var trajectories = new double[at.Length][][];
            for (int w = 0; w < at.Length; w++)
            {
                var levels = new double[samples][];
                for (int s = 0; s < samples; s++)
                    levels[s] = transform.Levels(z.AsSpan((w * samples + s) * h, h), raw, at[w]);
                forecasts[w] = Enumerable.Range(0, h).Select(k => transform.Raw(levels.Average(l => l[k]))).ToArray();
                trajectories[w] = levels.Select(l => l.Select(transform.Raw).ToArray()).ToArray();
            }
            return (forecasts, trajectories);
        }

        // Each candidate draws from a generator of its own, so that its result does not depend on what ran before it.
        private ulong Seed(string name)
        {
            ulong hash = 14695981039346656037UL;
            foreach (char c in name)
                hash = (hash ^ c) * 1099511628211UL;
            return settings.Seed ^ hash;
        }
    }
}
