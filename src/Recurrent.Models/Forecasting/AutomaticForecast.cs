using Recurrent.Datasets;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Holds out the last <see cref="ForecastTrainingSettings.Horizon"/> rows of a series, lets
/// <see cref="ForecastSearch"/> choose and train a forecaster on the rows before them (it is given only those), and
/// scores its forecast of the held-out rows next to the seasonal-naive, naive and Holt-Winters forecasts. The held-out
/// rows are read only for this final score, and then as the last rows of the history from which the chosen forecaster
/// forecasts the horizon after the series (<see cref="AutomaticForecastReport.Future"/>).
/// </summary>
public static class AutomaticForecast
{
    /// <summary>
    /// Runs the search and the score. <paramref name="target"/> has no missing values in the training part (filled
    /// beforehand); <paramref name="observed"/> marks the measured values, and only those of the tail are scored.
    /// <paramref name="times"/> gives every row's time (calendar features) or is null.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range, the series is too short for the backtests,
    /// the training part has a missing value or no observed one, or the times do not cover the series or do not step
    /// evenly.</exception>
    public static AutomaticForecastReport Run(
        float[] target,
        bool[]? observed,
        DateTime[]? times,
        ForecastSearchSettings settings,
        Action<string>? log = null
    )
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        CheckSettings(settings);
        int h = settings.Horizon,
            trainRows = target.Length - h;
        if (trainRows < 1)
            throw new ArgumentException(
                $"The series has {target.Length} rows; holding out a horizon of {h} leaves none to train on."
            );
        // The times after the series, told before the search so that times that do not step evenly fail at once.
        if (times is not null && times.Length < target.Length)
            throw new ArgumentException($"The times cover {times.Length} rows; the series has {target.Length}.");
        var futureTimes = times is null ? null : RegularTimes.Following(times[..target.Length], h);
        var training = target[..trainRows];
        if (observed is not null)
            CarryTheLastObservedValueToTheSplit(training, observed);
        var search = ForecastSearch.Run(training, times, settings, log);

        double scale = ForecastSearch.MaseScale(target, trainRows, settings.Season);
        var tallies = (
            Chosen: new ErrorTally(),
            SeasonalNaive: new ErrorTally(),
            Naive: new ErrorTally(),
            HoltWinters: new ErrorTally()
        );
        var baselines = search.BaselineForecasts;
        for (int k = 0; k < h; k++)
        {
            int row = trainRows + k;
            if (observed is not null && !observed[row])
                continue;
            tallies.Chosen.Add(target[row], search.Forecast[k]);
            tallies.SeasonalNaive.Add(target[row], baselines["seasonal-naive"][k]);
            tallies.Naive.Add(target[row], baselines["naive"][k]);
            tallies.HoltWinters.Add(target[row], baselines["holt-winters"][k]);
        }
        if (tallies.Chosen.Count == 0)
            throw new ArgumentException("No held-out value was observed, so nothing can be scored.");
        var whole = Whole(target, observed);
        var future = ForecastSearch.ForecastAfter(search, whole, times, settings);
        return new AutomaticForecastReport(
            search,
            tallies.Chosen,
            tallies.SeasonalNaive,
            tallies.Naive,
            tallies.HoltWinters,
            scale,
            trainRows,
            Window(target, observed, times, trainRows, settings, search),
            future,
            futureTimes
        );
    }

    // The reader fills gaps over the whole file, so a gap at the end of the training part was interpolated towards
    // the first held-out value; those rows take the last value observed before the split instead.
    private static void CarryTheLastObservedValueToTheSplit(float[] training, bool[] observed)
    {
        int last = Array.FindLastIndex(observed, training.Length - 1, training.Length, o => o);
        if (last < 0)
            throw new ArgumentException("No value of the training part was observed; there is nothing to learn from.");
        for (int row = last + 1; row < training.Length; row++)
            training[row] = training[last];
    }

    // The series the forecast after it reads: unobserved rows at its end, and values that are not numbers (a tail
    // left missing), take the last value before them.
    private static float[] Whole(float[] target, bool[]? observed)
    {
        var whole = (float[])target.Clone();
        if (observed is not null)
            CarryTheLastObservedValueToTheSplit(whole, observed);
        for (int row = 1; row < whole.Length; row++)
            if (!float.IsFinite(whole[row]))
                whole[row] = whole[row - 1];
        return whole;
    }

    private static void CheckSettings(ForecastSearchSettings settings)
    {
        (string Name, double Value, double Least)[] bounds =
        [
            ("Horizon (--horizon)", settings.Horizon, 1),
            ("Season (--season)", settings.Season, 1),
            ("Steps (--steps)", settings.Steps, 1),
            ("Batch (--batch)", settings.Batch, 1),
            ("Samples (--samples)", settings.Samples, 1),
            ("MaxMinutes (--max-minutes)", settings.MaxMinutes, 0),
        ];
        foreach (var (name, value, least) in bounds)
            if (!(value >= least) || (least == 0 && value == 0))
                throw new ArgumentException(
                    FormattableString.Invariant(
                        $"{name} must be {(least == 0 ? "positive" : $"at least {least}")}; got {value}."
                    )
                );
    }

    private static PlottedWindow Window(
        float[] target,
        bool[]? observed,
        DateTime[]? times,
        int origin,
        ForecastSearchSettings settings,
        ForecastSearchResult search
    )
    {
        int h = settings.Horizon,
            shown = Math.Min(origin, 4 * Math.Max(settings.Season, h));
        double Time(int row) => times is null ? row : times[row].ToOADate();
        double Value(int row) => observed is null || observed[row] ? target[row] : double.NaN;
        var historyRows = Enumerable.Range(origin - shown, shown).ToArray();
        var futureRows = Enumerable.Range(origin, h).ToArray();
        return new PlottedWindow(
            historyRows.Select(Time).ToArray(),
            historyRows.Select(Value).ToArray(),
            futureRows.Select(Time).ToArray(),
            futureRows.Select(Value).ToArray(),
            search.Forecast,
            search.Trajectories
        );
    }
}
