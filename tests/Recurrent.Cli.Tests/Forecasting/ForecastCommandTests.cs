using System.Globalization;
using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.Forecasting;

public sealed class ForecastCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-forecast-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // A fixed network trained for a few updates: what the tests of reading a file need.
    private static readonly string[] QuickNetwork =
    [
        "--model",
        "ar",
        "--max-steps",
        "5",
        "--samples",
        "2",
        "--hidden",
        "4",
    ];

    private string Csv(string name, IEnumerable<string> lines)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static IEnumerable<string> Monthly(int rows, Func<int, string> value) =>
        new[] { "month,value" }.Concat(
            Enumerable.Range(0, rows).Select(r => $"{new DateTime(2000, 1, 1).AddMonths(r):yyyy-MM},{value(r)}")
        );

    [Fact]
    public void MissingColumnIsAClearError()
    {
        string path = Csv("missing.csv", Monthly(60, r => r.ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "passengers",
            "--max-steps",
            "1"
        );
        Assert.Equal(1, code);
        Assert.StartsWith("error:", error);
        Assert.Contains("no column 'passengers'", error);
        Assert.Contains("month, value", error);
    }

    [Fact]
    public void NonNumericValueIsAClearError()
    {
        string path = Csv("text.csv", Monthly(60, r => r == 7 ? "lots" : r.ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--max-steps",
            "1"
        );
        Assert.Equal(1, code);
        Assert.StartsWith("error:", error);
        Assert.Contains("text.csv:9:", error);
        Assert.Contains("'lots' in column 'value' is not a number", error);
    }

    [Fact]
    public void TooFewRowsForOneWindowIsAClearError()
    {
        string path = Csv("short.csv", Monthly(20, r => (100 + r).ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--history",
            "24",
            "--horizon",
            "6",
            "--max-steps",
            "1"
        );
        Assert.Equal(1, code);
        Assert.StartsWith("error:", error);
        Assert.Contains("too few rows for one window", error);
        Assert.Contains("24 history + 6 future rows", error);
    }

    [Fact]
    public void AFileListingTheNewestRowFirstOrOutOfOrderGivesTheSameForecastAndSaysSo()
    {
        var lines = Monthly(48, r => (10 + r % 12).ToString(CultureInfo.InvariantCulture)).ToArray();
        string oldestFirst = Csv("oldest-first.csv", lines);
        string newestFirst = Csv("newest-first.csv", lines.Take(1).Concat(lines.Skip(1).Reverse()));
        // The second and the first two years, each in order: out of time order.
        string blocks = Csv("blocks.csv", [lines[0], .. lines.Skip(25), .. lines.Skip(1).Take(24)]);
        string Run(string path)
        {
            var (code, output, error) = Invoke(
                "forecast",
                "--csv",
                path,
                "--time-column",
                "month",
                "--target",
                "value",
                "--history",
                "12",
                "--horizon",
                "6",
                "--max-steps",
                "10",
                "--samples",
                "4",
                "--hidden",
                "4"
            );
            Assert.True(code == 0, error);
            return output;
        }
        string forwards = Run(oldestFirst),
            backwards = Run(newestFirst),
            sorted = Run(blocks);
        Assert.Contains("48 rows of 'value' stepping by 1 month (the file lists the newest first; read", backwards);
        Assert.Contains("48 rows of 'value' stepping by 1 month (the rows were out of time order; read sorted", sorted);
        Assert.Equal(Metrics(forwards), Metrics(sorted));
        Assert.Contains("season 12 (from the time step)", forwards);
        static string Metrics(string output) =>
            string.Join('\n', output.Split('\n').Where(l => l.StartsWith("mase=", StringComparison.Ordinal)));
        Assert.Equal(Metrics(forwards), Metrics(backwards));
        Assert.NotEmpty(Metrics(forwards));
    }

    [Fact]
    public void AFileOfTwoColumnsNeedsNeitherTargetNorTimeColumn()
    {
        string path = Csv("two.csv", Monthly(48, r => (10 + r % 12).ToString(CultureInfo.InvariantCulture)));
        var (code, output, error) = Invoke(
            ["forecast", "--csv", path, "--horizon", "6", "--history", "12", .. QuickNetwork]
        );
        Assert.True(code == 0, error);
        Assert.Contains("the time column 'month' and the target 'value' (the file's two columns)", output);
        Assert.Contains("stepping by 1 month", output);

        string three = Csv("three.csv", Monthly(48, r => $"{r},{2 * r}"));
        File.WriteAllLines(three, ["month,value,cost", .. File.ReadAllLines(three).Skip(1)]);
        var (threeCode, _, threeError) = Invoke("forecast", "--csv", three, "--horizon", "6");
        Assert.Equal(1, threeCode);
        Assert.Contains("--csv needs --target, the column to forecast;", threeError);
        Assert.Contains("has the columns 'month', 'value', 'cost'", threeError);
    }

    [Fact]
    public void UnixTimesAreReadAsTimesAndTheFirstLineSaysSo()
    {
        long start = new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var rows = Enumerable.Range(0, 96).Select(r => $"{start + 3600L * r},{10 + r % 24}");
        string path = Csv("logger.csv", ["timestamp,load", .. rows]);
        var (code, output, error) = Invoke(
            ["forecast", "--csv", path, "--horizon", "6", "--history", "24", .. QuickNetwork]
        );
        Assert.True(code == 0, error);
        Assert.Contains("96 rows of 'load' stepping by 1 hour (the times read as Unix time in seconds)", output);
        Assert.Contains("season 24 (from the time step)", output);
    }

    [Fact]
    public void FillGapsInsertsTheMissingStepsAndLinesAboveTheHeaderAreSkipped()
    {
        var lines = Monthly(48, r => (10 + r % 12).ToString(CultureInfo.InvariantCulture)).ToArray();
        string path = Csv("gaps.csv", lines.Where((_, i) => i is not (10 or 20 or 21)));
        string[] common = ["forecast", "--csv", path, "--horizon", "6", "--history", "12"];
        string[] quick = QuickNetwork;
        var (code, _, error) = Invoke([.. common, .. quick]);
        Assert.Equal(1, code);
        Assert.Contains("Insert the missing steps as missing values to fill or mask (--fill-gaps)", error);
        var (refused, _, refusedError) = Invoke([.. common, .. quick, "--fill-gaps"]);
        Assert.Equal(1, refused);
        Assert.Equal(
            "error: Filling the gaps inserts missing values: choose how to fill or mask them (--missing ffill or "
                + "--missing interpolate).",
            refusedError.TrimEnd()
        );
        var (filled, output, filledError) = Invoke([.. common, .. quick, "--fill-gaps", "--missing", "interpolate"]);
        Assert.True(filled == 0, filledError);
        Assert.Contains("48 rows of 'value' stepping by 1 month (3 missing step(s) inserted into the gaps)", output);

        string titled = Csv("titled.csv", ["Monthly sales,", "Source: the shop,", .. lines]);
        var (titledCode, titledOutput, titledError) = Invoke(
            ["forecast", "--csv", titled, "--time-column", "month", "--target", "value", "--horizon", "6", "--history",
                "12", .. quick]
        );
        Assert.True(titledCode == 0, titledError);
        Assert.Contains("48 rows of 'value' stepping by 1 month (the header on line 3; the lines above it skipped)",
            titledOutput);
    }

    [Fact]
    public void DateAndTimeColumnsAreNamedByRepeatingTimeColumn()
    {
        var start = new DateTime(2021, 3, 1);
        var rows = Enumerable.Range(0, 96).Select(r => $"{start.AddHours(r):dd/MM/yyyy;HH:mm};{10 + r % 24}");
        string path = Csv("logger.csv", ["Date;Time;load", .. rows]);
        string[] times = ["--time-column", "Date", "--time-column", "Time"];
        var (code, output, error) = Invoke(
            ["forecast", "--csv", path, .. times, "--target", "load", "--horizon", "6", "--history", "24",
                .. QuickNetwork]
        );
        Assert.True(code == 0, error);
        Assert.Contains("96 rows of 'load' stepping by 1 hour", output);
        Assert.Contains("season 24 (from the time step)", output);
        var (noTarget, _, noTargetError) = Invoke(["forecast", "--csv", path, .. times, "--horizon", "6"]);
        Assert.Equal(1, noTarget);
        Assert.Contains("--csv with several --time-column needs --target.", noTargetError);
    }

    [Fact]
    public void WhereReadsOneSeriesOfAFileThatHoldsSeveral()
    {
        var rows = Enumerable
            .Range(0, 48)
            .SelectMany(r =>
                new[] { "A", "B" }.Select(store =>
                    $"{new DateTime(2000, 1, 1).AddMonths(r):yyyy-MM},{store},{(store == "A" ? 10 : 100) + r % 12}"
                )
            );
        string path = Csv("stores.csv", ["month,store,sales", .. rows]);
        string[] common = ["forecast", "--csv", path, "--time-column", "month", "--target", "sales", "--horizon", "6"];
        var (code, _, error) = Invoke([.. common]);
        Assert.Equal(1, code);
        Assert.Contains("read one of them with --where COLUMN=VALUE", error);
        var (whereCode, output, whereError) = Invoke(
            [.. common, "--where", "store=B", "--model", "ar", "--history", "12", "--max-steps", "5", "--samples", "2"]
        );
        Assert.True(whereCode == 0, whereError);
        Assert.Contains("48 rows of 'sales' stepping by 1 month", output);
        // Repeated, every pair must hold: here no row is both of store B and of store A.
        var (bothCode, _, bothError) = Invoke([.. common, "--where", "store=B", "--where", "store=A"]);
        Assert.Equal(1, bothCode);
        Assert.Contains("no data rows with 'B' in column 'store' and 'A' in column 'store'.", bothError);
        var (badCode, _, badError) = Invoke([.. common, "--where", "store"]);
        Assert.Equal(1, badCode);
        Assert.Contains("--where: 'store' is not COLUMN=VALUE.", badError);
    }

    [Fact]
    public void SmallSeriesRunsEndToEndAndPrintsTheMetrics()
    {
        string path = Csv(
            "sine.csv",
            Monthly(72, r => (10 + Math.Sin(2 * Math.PI * r / 12)).ToString("R", CultureInfo.InvariantCulture))
        );
        string png = Path.Combine(_directory, "sine.png");
        var (code, output, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--history",
            "12",
            "--horizon",
            "6",
            "--max-steps",
            "20",
            "--samples",
            "10",
            "--hidden",
            "8",
            "--plot",
            png
        );
        Assert.True(code == 0, error);
        foreach (
            var key in new[]
            {
                "mase=",
                "smape=",
                "seasonal_naive_mase=",
                "seasonal_naive_smape=",
                "naive_mase=",
                "naive_smape=",
            }
        )
            Assert.Contains("\n" + key, "\n" + output);
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Fact]
    public void AFixedRunWritesARunDirectoryWhoseBestModelForecasts()
    {
        string path = Csv(
            "sine.csv",
            Monthly(72, r => (10 + Math.Sin(2 * Math.PI * r / 12)).ToString("R", CultureInfo.InvariantCulture))
        );
        string run = Path.Combine(_directory, "run");
        var (code, output, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--history",
            "12",
            "--horizon",
            "6",
            "--val-rows",
            "9",
            "--max-steps",
            "40",
            "--samples",
            "10",
            "--hidden",
            "8",
            "--out",
            run
        );

        Assert.True(code == 0, error);
        Assert.Contains("9 validation rows (4 window(s))", output);
        foreach (var name in new[] { "best.safetensors", "last.safetensors", "metrics.jsonl", "loss.png" })
            Assert.True(File.Exists(Path.Combine(run, name)), name + " is missing: " + output);
        Assert.Contains($"best_checkpoint={Path.Combine(run, "best.safetensors")}", output);
        Assert.Contains($"checkpoint={Path.Combine(run, "model.safetensors")}", output);
        Assert.Contains("\"val_loss\"", File.ReadAllText(Path.Combine(run, "metrics.jsonl")));
        // The saved forecaster is the best one, not the last.
        var best = Recurrent.IO.SafeTensorsFile.Read(Path.Combine(run, "best.safetensors"));
        var model = Recurrent.IO.SafeTensorsFile.Read(Path.Combine(run, "model.safetensors"));
        Assert.NotEmpty(model.Entries);
        foreach (var entry in model.Entries)
            Assert.Equal(model.ReadTensor(entry.Name).ToArray(), best.ReadTensor(entry.Name).ToArray());
    }

    [Fact]
    public void WithoutValidationRowsTheFinalModelIsTheBest()
    {
        string path = Csv("sine.csv", Monthly(48, r => (10 + r % 12).ToString(CultureInfo.InvariantCulture)));
        string run = Path.Combine(_directory, "run");
        var (code, output, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--history",
            "12",
            "--horizon",
            "6",
            "--max-steps",
            "5",
            "--samples",
            "5",
            "--out",
            run
        );

        Assert.True(code == 0, error);
        Assert.DoesNotContain("validation rows", output);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(run, "last.safetensors")),
            File.ReadAllBytes(Path.Combine(run, "best.safetensors"))
        );
        Assert.True(File.Exists(Path.Combine(run, "metrics.jsonl")));
    }

    [Fact]
    public void FewerValidationRowsThanTheHorizonIsAClearError()
    {
        string path = Csv("sine.csv", Monthly(72, r => (10 + r % 12).ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--horizon",
            "6",
            "--val-rows",
            "3",
            "--max-steps",
            "1"
        );
        Assert.Equal(1, code);
        Assert.Contains("The 3 validation rows are fewer than the horizon of 6", error);
    }

    [Fact]
    public void TradingDaysTakeAWeekOfWeekdaysAsTheSeasonAndTheForecastSkipsTheWeekend()
    {
        // Twelve weeks of weekdays from Monday 6 January 2020 to Friday 27 March, a cycle of one week.
        var days = Enumerable
            .Range(0, 82)
            .Select(d => new DateTime(2020, 1, 6).AddDays(d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .ToArray();
        int[] week = [30, 34, 33, 31, 26];
        string path = Csv("close.csv", ["date,close", .. days.Select((d, r) => $"{d:yyyy-MM-dd},{week[r % 5]}")]);
        var (code, output, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--horizon",
            "5",
            "--max-steps",
            "20",
            "--samples",
            "10"
        );
        Assert.True(code == 0, error);
        Assert.Contains("60 rows of 'close' stepping by 1 weekday", output);
        Assert.Contains("season 5 (from the time step)", output);
        Assert.Contains(
            "\ntime,close\n2020-03-30,30\n2020-03-31,34\n2020-04-01,33\n2020-04-02,31\n2020-04-03,26\n",
            output
        );
    }

    [Fact]
    public void AColumnOfDatesNotNamedIsPointedOut()
    {
        string path = Csv(
            "aapl.csv",
            ["Date,Open,Adj Close", .. Monthly(40, r => $"{r}").Skip(1).Select(line => line.Replace(",", "-15,1,"))]
        );
        var (code, _, error) = Invoke("forecast", "--csv", path, "--horizon", "6");
        Assert.Equal(1, code);
        Assert.Contains(
            "has the columns 'Date', 'Open', 'Adj Close'. The times are in 'Date': --time-column Date.",
            error
        );
        var (read, output, readError) = Invoke(
            ["forecast", "--csv", path, "--target", "Adj Close", "--horizon", "6", .. QuickNetwork]
        );
        Assert.True(read == 0, readError);
        Assert.Contains(
            "the rows are read as steps (no --time-column); the column 'Date' holds dates, which --time-column Date "
                + "reads as the times\n",
            output
        );
    }

    [Fact]
    public void AGoogleTrendsDownloadIsReadWithItsBoundsAsMissingValuesWhenAsked()
    {
        // A category line and a blank line above the table, and '<1' for the months under 1.
        string path = Csv(
            "multiTimeline.csv",
            [
                "Category: All categories",
                "",
                "Month,bitcoin: (Worldwide)",
                .. Monthly(48, r => r == 30 ? "<1" : $"{10 + r % 12}").Skip(1),
                "Note: <1 is a value below 1",
            ]
        );
        var (code, _, error) = Invoke("forecast", "--csv", path, "--horizon", "6");
        Assert.Equal(1, code);
        Assert.Contains(":34:9: '<1' in column 'bitcoin: (Worldwide)' is not a number", error);
        Assert.Contains("or read it as a missing value to fill (--missing-marker '<1').", error);
        var (read, output, readError) = Invoke([
            "forecast",
            "--csv",
            path,
            "--horizon",
            "6",
            "--missing-marker",
            "<1",
            "--missing",
            "interpolate",
            .. QuickNetwork,
        ]);
        Assert.True(read == 0, readError);
        Assert.Contains(
            "the time column 'Month' and the target 'bitcoin: (Worldwide)' (the file's two columns)",
            output
        );
        Assert.Contains(
            "48 rows of 'bitcoin: (Worldwide)' stepping by 1 month (the header on line 3; the lines above it skipped) "
                + "(1 line(s) below the table skipped)",
            output
        );
    }

    [Fact]
    public void AutomaticPathFallsBackToTheBaselineAndSaysSo()
    {
        float[] cycle = [10, 12.5f, 15, 13, 9.5f, 7];
        string path = Csv("cycle.csv", Monthly(84, r => cycle[r % 6].ToString("R", CultureInfo.InvariantCulture)));
        string directory = Path.Combine(_directory, "out");
        var (code, output, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--horizon",
            "6",
            "--season",
            "6",
            "--max-steps",
            "20",
            "--samples",
            "10",
            "--out",
            directory
        );
        Assert.True(code == 0, error);
        Assert.Contains("\nmodel=seasonal-naive (the network's backtest MASE ", "\n" + output);
        Assert.Contains("lost to 0.000)", output);
        string[] keys =
        [
            "mase=0\n",
            "seasonal_naive_mase=",
            "naive_mase=",
            "holt_winters_mase=",
            "fell_back_to_baseline=true",
        ];
        foreach (var key in keys)
            Assert.Contains(key, output);
        string json = File.ReadAllText(Path.Combine(directory, "search.json"));
        Assert.Contains("\"choice\": \"seasonal-naive\"", json);
        Assert.Contains("\"baseline_forecasts\": {", json);
        Assert.DoesNotContain("\"network_forecast\"", json);
        Assert.False(File.Exists(Path.Combine(directory, "model.safetensors")));
        Assert.Equal(
            ["forecast.csv", "search.json"],
            Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order()
        );
        // The forecast after the series: the next cycle, at the months after the last one.
        string future = "time,value\n2007-01-01,10\n2007-02-01,12.5\n2007-03-01,15\n2007-04-01,13\n"
            + "2007-05-01,9.5\n2007-06-01,7\n";
        Assert.Equal(future, File.ReadAllText(Path.Combine(directory, "forecast.csv")));
        Assert.Contains(
            "forecast of the 6 rows after the series, by seasonal-naive from the last row on:\n" + future,
            output
        );
    }

    [Fact]
    public void AutomaticPathSavesEachChosenNetworkBesideItsRun()
    {
        // A cycle of 5 rows where the season is 6: every baseline misses it, and a network learns it.
        string path = Csv(
            "five.csv",
            Monthly(84, r => (50 + 10 * Math.Sin(2 * Math.PI * r / 5)).ToString("R", CultureInfo.InvariantCulture))
        );
        string directory = Path.Combine(_directory, "out");
        var (code, output, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--horizon",
            "6",
            "--season",
            "6",
            "--max-steps",
            "300",
            "--samples",
            "10",
            "--max-minutes",
            "1000",
            "--out",
            directory
        );

        Assert.True(code == 0, error);
        Assert.Contains("fell_back_to_baseline=false", output);
        var models = Directory.GetFiles(directory, "model*.safetensors");
        Assert.NotEmpty(models);
        foreach (var model in models)
        {
            string run = Path.ChangeExtension(model, null);
            foreach (var name in new[] { "last.safetensors", "best.safetensors", "metrics.jsonl", "loss.png" })
                Assert.True(File.Exists(Path.Combine(run, name)), $"{run}/{name}");
        }
    }

    [Fact]
    public void AutomaticPathNeedsRowsForTheBacktests()
    {
        string path = Csv("short.csv", Monthly(40, r => (100 + r).ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--horizon",
            "12",
            "--season",
            "12"
        );
        Assert.Equal(1, code);
        Assert.StartsWith(
            "error: too few rows for the backtests: the training part has 28 rows, but one backtest origin needs 61",
            error
        );
    }

    [Fact]
    public void DateThatDoesNotParseIsAClearError()
    {
        var lines = Monthly(60, r => r.ToString(CultureInfo.InvariantCulture))
            .Select((line, i) => i == 8 ? "2000-13,7" : line);
        string path = Csv("dates.csv", lines);
        var (code, _, error) = Invoke("forecast", "--csv", path, "--time-column", "month", "--target", "value");
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {path}:9:1: '2000-13' in column 'month' is not a date", error);
    }

    [Fact]
    public void MissingTargetValueWithoutAPolicyNamesTheOption()
    {
        string path = Csv("gap.csv", Monthly(60, r => r == 10 ? "NA" : r.ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke("forecast", "--csv", path, "--time-column", "month", "--target", "value");
        Assert.Equal(1, code);
        Assert.StartsWith(
            $"error: {path}:12:9: the column 'value' has 1 missing value(s), the first on this line.",
            error
        );
        Assert.Contains("--missing ffill or --missing interpolate", error);
    }

    [Fact]
    public void AGapInTheTimesAdvisesTheFromOption()
    {
        // Line 7 (the sixth month) is left out.
        var lines = Monthly(60, r => (100 + r % 12).ToString(CultureInfo.InvariantCulture)).Where((_, i) => i != 6);
        string path = Csv("hole.csv", lines);
        var (code, _, error) = Invoke("forecast", "--csv", path, "--time-column", "month", "--target", "value");
        Assert.Equal(1, code);
        Assert.Contains("on, with --from yyyy-MM-dd.", error);
        Assert.DoesNotContain("TimeSeriesCsvOptions", error);
    }

    [Fact]
    public void AutomaticPathHoldsOutTheHorizonOnly()
    {
        string path = Csv("test.csv", Monthly(120, r => (100 + r % 12).ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "month",
            "--target",
            "value",
            "--horizon",
            "12",
            "--test",
            "24"
        );
        Assert.Equal(1, code);
        Assert.Contains("--test 24: the automatic search forecasts the held-out tail from one origin", error);
    }
}
