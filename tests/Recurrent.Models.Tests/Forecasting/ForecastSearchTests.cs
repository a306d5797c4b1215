using Recurrent.Models.Forecasting;

namespace Recurrent.Tests.Forecasting;

public class ForecastSearchTests
{
    // Small enough that a whole search takes a second or two.
    private static readonly ForecastSearchSettings Quick = new()
    {
        Horizon = 6,
        Season = 6,
        Origins = 2,
        HistoryCycles = [1, 2],
        Widths = [8],
        Steps = 30,
        Batch = 8,
        LearningRate = 1e-2,
        Samples = 10,
        Seed = 5,
    };

    // A positive series with a trend, a season of 6 and noise: every transform is a candidate.
    private static float[] Seasonal(int rows, ulong seed = 7)
    {
        var rng = new Recurrent.Tensors.RandomGenerator(seed);
        return Enumerable
            .Range(0, rows)
            .Select(t => (float)(50 + 0.5 * t + 8 * Math.Sin(2 * Math.PI * t / 6) + rng.NextGaussian()))
            .ToArray();
    }

    private static DateTime[] Months(int rows) =>
        Enumerable.Range(0, rows).Select(r => new DateTime(2000, 1, 1).AddMonths(r)).ToArray();

    private static void AssertSameSearch(ForecastSearchResult expected, ForecastSearchResult actual)
    {
        Assert.Equal(
            expected.Scores.Select(s => (s.Name, s.Stage, s.Mase)),
            actual.Scores.Select(s => (s.Name, s.Stage, s.Mase))
        );
        Assert.Equal(expected.Choice.Name, actual.Choice.Name);
        Assert.Equal(expected.Forecast, actual.Forecast);
    }

    [Fact]
    public void TheHeldOutTailIsNeverRead()
    {
        var series = Seasonal(84);
        var times = Months(84);
        var poisoned = (float[])series.Clone();
        for (int r = 84 - Quick.Horizon; r < 84; r++)
            poisoned[r] = float.NaN;

        var clean = AutomaticForecast.Run(series, null, times, Quick);
        var blind = AutomaticForecast.Run(poisoned, null, times, Quick);

        AssertSameSearch(clean.Search, blind.Search);
        Assert.True(double.IsFinite(clean.Chosen.Mae));
        Assert.True(double.IsNaN(blind.Chosen.Mae), "the NaN tail is read for the final score only");
        Assert.All(clean.Search.Origins, o => Assert.True(o + Quick.Horizon <= 84 - Quick.Horizon));
    }

    [Fact]
    public void AGapFilledAcrossTheSplitDoesNotCarryTheHeldOutTailIntoTraining()
    {
        var series = Seasonal(84);
        var times = Months(84);
        int split = 84 - Quick.Horizon;
        var observed = Enumerable.Repeat(true, 84).ToArray();
        for (int r = split - 3; r < split + 2; r++)
            observed[r] = false;
        // As a reader interpolating over the whole file would fill the gap: towards the first held-out value.
        float[] Filled(float firstHeldOut)
        {
            var values = (float[])series.Clone();
            values[split + 2] = firstHeldOut;
            float from = values[split - 4];
            for (int r = split - 3; r < split + 2; r++)
                values[r] = from + (firstHeldOut - from) * (r - split + 4) / 6f;
            return values;
        }

        var low = AutomaticForecast.Run(Filled(-50f), observed, times, Quick);
        var high = AutomaticForecast.Run(Filled(500f), observed, times, Quick);

        AssertSameSearch(low.Search, high.Search);
        Assert.Throws<ArgumentException>(() =>
            AutomaticForecast.Run(series, Enumerable.Repeat(false, 84).ToArray(), times, Quick)
        );
        Assert.Throws<ArgumentException>(() => AutomaticForecast.Run(series, null, times, Quick with { Samples = 0 }));
        // Times that do not step evenly are refused before the search, which would have to forecast after them.
        var uneven = (DateTime[])times.Clone();
        uneven[40] = uneven[40].AddDays(3);
        Assert.Throws<ArgumentException>(() => AutomaticForecast.Run(series, null, uneven, Quick with { Steps = 1 }));
        Assert.Contains(
            "The times cover 83 rows; the series has 84.",
            Assert.Throws<ArgumentException>(() => AutomaticForecast.Run(series, null, times[..83], Quick)).Message
        );
    }

    [Fact]
    public void TheSearchSeesOnlyTheTrainingPartItIsGiven()
    {
        var series = Seasonal(84);
        var times = Months(84);

        var report = AutomaticForecast.Run(series, null, times, Quick);
        var direct = ForecastSearch.Run(series[..78], times, Quick);

        AssertSameSearch(report.Search, direct);
    }

    [Fact]
    public void TheSameSeedGivesTheSameChoice()
    {
        var series = Seasonal(84);

        var first = ForecastSearch.Run(series, null, Quick);
        var second = ForecastSearch.Run(series, null, Quick);

        AssertSameSearch(first, second);
        // 3 baselines; 6 transforms (history 12); ar history 6, seq2seq history 6 and 12; the ensemble and the
        // combination.
        Assert.Equal(14, first.Scores.Count);
        Assert.Empty(first.Skipped);
    }

    [Fact]
    public void TheBudgetStopsTheSearchAfterTheFirstCandidate()
    {
        var series = Seasonal(84);

        var result = ForecastSearch.Run(series, null, Quick with { MaxMinutes = 1e-6 });

        Assert.True(result.BudgetExhausted);
        Assert.Single(result.Scores, s => s.Stage is "transform" or "model and history" or "width");
        Assert.Contains("ar transform=seasonal-difference history=12 hidden=8", result.Skipped);
        Assert.Equal(Quick.Horizon, result.Forecast.Length);
    }

    [Fact]
    public void APerfectlySeasonalSeriesFallsBackToSeasonalNaive()
    {
        // Seasonal naive is exact here; no network trained for 30 steps can match it.
        float[] cycle = [10, 12.5f, 15, 13, 9.5f, 7];
        var series = Enumerable.Range(0, 84).Select(t => cycle[t % 6]).ToArray();

        var report = AutomaticForecast.Run(series, null, Months(84), Quick);

        var search = report.Search;
        Assert.True(search.FellBack);
        Assert.Equal("seasonal-naive", search.Choice.Name);
        Assert.Empty(search.Networks);
        Assert.Contains("lost to 0.000", search.Summary);
        Assert.Equal(0, report.Chosen.Mae, 6);
        Assert.Equal(search.BaselineForecasts["seasonal-naive"], search.Forecast);
        // After the whole series the baseline goes on: the next cycle, at the months after the last.
        Assert.Equal(cycle.Select(v => (double)v), report.Future);
        Assert.Equal(new DateTime(2007, 1, 1), report.FutureTimes![0]);
        Assert.Equal(Quick.Horizon, report.FutureTimes.Length);
    }

    [Fact]
    public void ChosenNetworksForecastAfterTheWholeSeriesFromItsLastRows()
    {
        // A cycle of 5 rows that no baseline of season 6 follows; the networks, trained on the training part, read
        // the held-out rows too and go on with the cycle after them.
        var series = Enumerable.Range(0, 84).Select(t => (float)(50 + 10 * Math.Sin(2 * Math.PI * t / 5))).ToArray();
        var settings = Quick with { Steps = 300, MaxMinutes = 1e3 };

        var report = AutomaticForecast.Run(series, null, null, settings);

        Assert.False(report.Search.FellBack, report.Search.Summary);
        Assert.Null(report.FutureTimes);
        var next = Enumerable.Range(84, Quick.Horizon).Select(t => 50 + 10 * Math.Sin(2 * Math.PI * t / 5));
        double error = report.Future.Zip(next, (f, x) => Math.Abs(f - x)).Average();
        Assert.True(error < 3, $"mean absolute error {error} after the series ({report.Search.Summary})");
        Assert.Equal(report.Future, ForecastSearch.ForecastAfter(report.Search, series, null, settings));
    }

    [Fact]
    public void AShortSeriesIsSearchedWithoutDifferencesThenAmongTheBaselinesAndTooShortOneSaysWhatIsNeeded()
    {
        // 24 training rows: an origin for differenced candidates needs 7 (differences) + 6 (history) + 12 (training)
        // before it; for the level, 18.
        var lines = new List<string>();
        var level = AutomaticForecast.Run(Seasonal(30), null, null, Quick, lines.Add);
        Assert.Contains(lines, l => l.StartsWith("short series: 24 training rows", StringComparison.Ordinal));
        var networks = level.Search.Scores.Where(s => s.Stage == "transform").Select(s => s.Name).ToArray();
        Assert.Equal(["ar transform=none history=6 hidden=8", "ar transform=log history=6 hidden=8"], networks);

        // 20 training rows: no origin for a network, one for the baselines (Holt-Winters needs two cycles before it).
        var baselines = AutomaticForecast.Run(Seasonal(26), null, null, Quick);
        Assert.True(baselines.Search.TooShortForNetworks);
        Assert.True(baselines.Search.Choice.IsBaseline);
        Assert.DoesNotContain(baselines.Search.Scores, s => !s.IsBaseline);
        Assert.Contains("too short for a network's backtests", baselines.Search.Summary);
        Assert.Equal(Quick.Horizon, baselines.Search.Forecast.Length);

        var error = Assert.Throws<ArgumentException>(() => AutomaticForecast.Run(Seasonal(23), null, null, Quick));
        Assert.Contains(
            "too few rows for the backtests: the training part has 17 rows, but one backtest origin needs 31",
            error.Message
        );
        Assert.Contains("even the baselines' backtest needs 18", error.Message);
    }

    [Fact]
    public void AMissingTrainingValueIsRefused()
    {
        var series = Seasonal(84);
        series[40] = float.NaN;

        var error = Assert.Throws<ArgumentException>(() => ForecastSearch.Run(series, null, Quick));

        Assert.Contains("Row 40 of the training part is NaN", error.Message);
    }

    [Fact]
    public void ASeriesWithZerosGetsTheLogCandidatesAndOneWithANegativeValueDoesNot()
    {
        var zeros = Seasonal(84).Select(v => Math.Max(0, v - 55)).ToArray();
        var negative = (float[])zeros.Clone();
        negative[10] = -0.5f;
        Assert.Contains(0f, zeros);

        var withZeros = ForecastSearch.Run(zeros, null, Quick);
        var withNegative = ForecastSearch.Run(negative, null, Quick);

        static bool Logged(CandidateScore s) => s.Name.Contains("transform=log", StringComparison.Ordinal);
        Assert.Contains(withZeros.Scores, Logged);
        Assert.DoesNotContain(withNegative.Scores, Logged);
    }

    [Fact]
    public void BaselinesForecastFromTheHistoryAlone()
    {
        float[] history = [1, 2, 3, 4, 5, 6, 7, 8];

        Assert.Equal([8.0, 8.0, 8.0], BaselineForecaster.Naive.Forecast(history, 3));
        Assert.Equal([6.0, 7.0, 8.0, 6.0, 7.0], BaselineForecaster.SeasonalNaive(3).Forecast(history, 5));
        Assert.Equal(
            ForecastMetrics.SeasonalNaive(history, 8, 5, 3),
            BaselineForecaster.SeasonalNaive(3).Forecast(history, 5)
        );
        var trend = BaselineForecaster.HoltWinters(0).Forecast(history, 2);
        Assert.Equal(9.0, trend[0], 3);
        Assert.Equal(10.0, trend[1], 3);
    }

    [Fact]
    public void EveryChosenNetworkIsTrainedWithEachOfItsSeeds()
    {
        // A cycle of 5 rows where the season is 6: every baseline misses it, and a network learns it.
        var series = Enumerable.Range(0, 84).Select(t => (float)(50 + 10 * Math.Sin(2 * Math.PI * t / 5))).ToArray();
        var settings = Quick with { Steps = 300, MaxMinutes = 1e3 };

        foreach (int seeds in new[] { 1, 2 })
        {
            var search = ForecastSearch.Run(series, null, settings with { SeedsPerMember = seeds });

            Assert.False(search.FellBack, search.Summary);
            Assert.Equal(search.Choice.Networks.Count * seeds, search.Networks.Count);
            Assert.NotNull(search.NetworkForecast);
            if (search.Choice.Baseline is null)
                Assert.Equal(search.NetworkForecast, search.Forecast);
        }
    }

    [Fact]
    public void TheFinalTrainingsWriteARunEachWithoutChangingTheChoice()
    {
        var series = Enumerable.Range(0, 84).Select(t => (float)(50 + 10 * Math.Sin(2 * Math.PI * t / 5))).ToArray();
        var settings = Quick with { Steps = 300, MaxMinutes = 1e3 };
        string directory = Directory.CreateTempSubdirectory("recurrent-search-runs-").FullName;
        try
        {
            var plain = ForecastSearch.Run(series, null, settings);
            var written = ForecastSearch.Run(series, null, settings with { Directory = directory });

            AssertSameSearch(plain, written);
            Assert.False(written.FellBack, written.Summary);
            for (int i = 0; i < written.Networks.Count; i++)
            {
                string run = Path.Combine(directory, ForecastSearchSettings.NetworkName(i, written.Networks.Count));
                foreach (var name in new[] { "last.safetensors", "best.safetensors", "metrics.jsonl" })
                    Assert.True(File.Exists(Path.Combine(run, name)), $"{run}/{name}");
            }
            Assert.Equal(written.Networks.Count, Directory.GetDirectories(directory).Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
