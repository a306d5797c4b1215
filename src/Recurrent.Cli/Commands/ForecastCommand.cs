using Recurrent.Cli.Console;
using Recurrent.Cli.Plots;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Models.Forecasting;
using Recurrent.Training;
using System.CommandLine;
using System.Globalization;
using System.Text;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent forecast</c>: trains a probabilistic forecaster (autoregressive or encoder-decoder) on a time series
/// from a CSV file or a known dataset, forecasts the held-out tail by sampling trajectories, draws them to a PNG and
/// prints MASE, sMAPE and MAE of the model and of the seasonal-naive and naive baselines. With <c>--csv</c> and no
/// option that fixes the network, the forecaster is chosen automatically (<see cref="ForecastSearch"/>) from the
/// training part alone, with Holt-Winters among the baselines it must beat.
/// </summary>
public static class ForecastCommand
{
    private sealed record Preset(
        string[] RelativePath,
        TimeSeriesCsvOptions Csv,
        string Target,
        ForecastExperiment Settings
    );

    private static readonly Dictionary<string, Preset> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["airline"] = new(
            ["forecasting", "tsdl", "airline-passengers.csv"],
            new TimeSeriesCsvOptions { TimeColumn = "Month", ValueColumns = ["Passengers"] },
            "Passengers",
            new ForecastExperiment
            {
                History = 24,
                Horizon = 12,
                TestRows = 12,
                Season = 12,
                SeasonalDifference = true,
                Log = true,
                Hidden = 32,
                Steps = 1500,
                Batch = 32,
            }
        ),
        ["co2"] = new(
            ["forecasting", "vega", "co2-concentration.csv"],
            new TimeSeriesCsvOptions
            {
                TimeColumn = "Date",
                ValueColumns = ["CO2"],
                From = new DateTime(1964, 5, 1),
            },
            "CO2",
            new ForecastExperiment
            {
                Model = ForecastModelKind.EncoderDecoder,
                History = 36,
                Horizon = 24,
                TestRows = 24,
                Season = 12,
                SeasonalDifference = true,
                Hidden = 32,
                Steps = 1500,
                Batch = 32,
            }
        ),
        ["pm25"] = new(
            ["forecasting", "beijing-pm25", "pollution.csv"],
            new TimeSeriesCsvOptions
            {
                TimeColumns = ["year", "month", "day", "hour"],
                ValueColumns = ["pm2.5", "DEWP", "TEMP", "PRES", "Iws"],
                Missing = MissingValuePolicy.Interpolate,
            },
            "pm2.5",
            new ForecastExperiment
            {
                Model = ForecastModelKind.EncoderDecoder,
                History = 72,
                Horizon = 24,
                TestRows = 8760,
                Stride = 24,
                Season = 24,
                Log = true,
                Hidden = 64,
                Steps = 2000,
                Batch = 64,
                Samples = 100,
            }
        ),
    };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var dataset = new Option<string?>("--dataset")
        {
            Description = "A known series with tuned defaults: airline, co2 or pm25 (read from --data-dir).",
        };
        var dataDirectory = new DataDirectoryOption("the --dataset files (forecasting/...)");
        var csv = new Option<FileInfo?>("--csv")
        {
            Description = "A CSV file with a header line (instead of --dataset).",
        };
        var timeColumn = new Option<string[]>("--time-column")
        {
            Description =
                "The date or index column of --csv; given twice, a date and a time-of-day column (--time-column Date "
                + "--time-column Time), or up to four times, year, month, day and hour columns.",
        };
        var target = new Option<string?>("--target") { Description = "The column to forecast." };
        var covariates = new Option<string?>("--covariates")
        {
            Description = "Comma-separated columns the encoder-decoder also reads from the history.",
        };
        var missing = new Option<string>("--missing")
        {
            Description =
                "Missing values: refuse, ffill, interpolate (the held-out truth is scored only where observed).",
            DefaultValueFactory = _ => "refuse",
        };
        missing.AcceptOnlyFromAmong("refuse", "ffill", "interpolate");
        var from = new Option<string?>("--from") { Description = "Read only rows at or after this date (yyyy-MM-dd)." };
        var model = new Option<string?>("--model")
        {
            Description = "ar (one-step model rolled out) or seq2seq (encoder-decoder).",
        };
        model.AcceptOnlyFromAmong("ar", "seq2seq");
        var history = new Option<int?>("--history") { Description = "Rows read before each forecast origin." };
        var horizon = new Option<int?>("--horizon") { Description = "Rows forecast." };
        var test = new Option<int?>("--test")
        {
            Description = "Rows held out at the end (forecasts start at its first row).",
        };
        var stride = new Option<int?>("--stride") { Description = "Rows between test origins (default: the horizon)." };
        var validationRows = new Option<int?>("--val-rows")
        {
            Description =
                "Rows at the end of the training part no training window reaches (at least the horizon); the "
                + "parameters that forecast them best (lowest MAE, DIR/best.safetensors) forecast the test. Default: "
                + "none, the final parameters forecast.",
        };
        var season = new Option<int?>("--season")
        {
            Description = "Season m of the seasonal-naive baseline and MASE; with --csv, by default the one the "
                + "time column's step implies (12 for months, 4 quarters, 7 days, 52 weeks, 24 hours), else 12.",
        };
        var seasonalDifference = new Option<bool?>("--seasonal-difference")
        {
            Description = "Model y_t - y_{t-m} instead of the level.",
        };
        var logOption = new Option<bool?>("--log") { Description = "Model log(1 + x)." };
        var hidden = new Option<int?>("--hidden") { Description = "LSTM width." };
        var layers = new Option<int?>("--layers") { Description = "Stacked LSTM layers." };
        var steps = new Option<int?>("--max-steps") { Description = "Training updates." };
        var batch = new Option<int?>("--batch-size") { Description = "Windows per update." };
        var learningRate = new Option<double?>("--lr")
        {
            Description = "Adam's initial learning rate (decays linearly to a tenth).",
        };
        var samples = new Option<int?>("--samples") { Description = "Trajectories sampled per forecast." };
        var seed = SeedOption.Create();
        var plot = new Option<string?>("--plot")
        {
            Description = "Write the last test window (history, truth, mean forecast, sampled band) to this PNG.",
        };
        var outDirectory = new Option<string?>("--out")
        {
            Description =
                "Save the trained model (with --val-rows, the parameters that scored best on them) to "
                + "DIR/model.safetensors with its transform and scaling, for recurrent export, beside the run's "
                + "best.safetensors, last.safetensors, metrics.jsonl and loss.png; the automatic search saves its "
                + "networks (model.safetensors, or model-1, model-2, ... for an ensemble), each beside its training "
                + "run (model/, model-1/, ...), and DIR/search.json (every candidate's backtest, the choice, the "
                + "Holt-Winters parameters).",
        };
        var maxMinutes = new Option<double>("--max-minutes")
        {
            Description =
                "Wall-clock budget of the automatic search (--csv without --model, --history, --hidden, "
                + "--layers, --log, --seasonal-difference, --covariates, --stride or --val-rows).",
            DefaultValueFactory = _ => 5,
        };
        var resume = new Option<FileInfo?>("--resume")
        {
            Description =
                "Continue the fixed-model run saved in this checkpoint (DIR/last.safetensors) where it stopped.",
        };
        var csvReading = new CsvCommandOptions();
        var command = new Command(
            "forecast",
            "Train a probabilistic RNN forecaster on a time series (or, for --csv without model options, choose one "
                + "by backtests on the training part) and score it on the held-out tail against the seasonal-naive, "
                    + "naive "
                + "and Holt-Winters forecasts."
        )
        {
            dataset,
            dataDirectory.Option,
            csv,
            timeColumn,
            target,
            covariates,
            missing,
            from,
            model,
            history,
            horizon,
            test,
            stride,
            validationRows,
            season,
            seasonalDifference,
            logOption,
            hidden,
            layers,
            steps,
            batch,
            learningRate,
            samples,
            seed,
            plot,
            outDirectory,
            resume,
            maxMinutes,
            csvReading.Separator,
            csvReading.DayFirst,
            csvReading.Where,
            csvReading.FillGaps,
            csvReading.MissingMarker,
            new OldSpelling<int?>(steps, "--steps"),
            new OldSpelling<int?>(batch, "--batch"),
        };
        command.SetAction(parse => CommandRunner.Run(parse, output =>
            {
                DistributedOption.RefuseUnderMpi("forecast");
                Preset? preset = null;
                string? name = parse.GetValue(dataset);
                if (name is not null && !Presets.TryGetValue(name, out preset))
                    throw new ArgumentException(
                        $"Unknown --dataset '{name}'; known: {string.Join(", ", Presets.Keys)}."
                    );
                var file = parse.GetValue(csv);
                if ((preset is null) == (file is null))
                    throw new ArgumentException("Give either --dataset or --csv.");
                string path;
                TimeSeriesCsvOptions csvOptions;
                string targetColumn;
                var settings = preset?.Settings ?? new ForecastExperiment();
                if (preset is not null)
                {
                    path = dataDirectory.File(parse, preset.RelativePath);
                    csvOptions = csvReading.ApplyTo(preset.Csv, parse);
                    targetColumn = preset.Target;
                }
                else
                {
                    path = file!.FullName;
                    string[] timeNames = parse.GetValue(timeColumn) ?? [];
                    string? timeName = timeNames.Length == 1 ? timeNames[0] : null;
                    char? separator = parse.GetValue(csvReading.Separator);
                    (timeName, targetColumn) = parse.GetValue(target) is string given
                        ? (timeName, given)
                        : timeNames.Length > 1
                            ? throw new ArgumentException("--csv with several --time-column needs --target.")
                        : TimeAndValue(path, timeName, separator, output);
                    if (timeNames.Length == 0 && timeName is null)
                        SayStepsBesideDates(path, separator, targetColumn, output);
                    var extraColumns = (parse.GetValue(covariates) ?? "").Split(
                        ',',
                        StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
                    );
                    csvOptions = new TimeSeriesCsvOptions
                    {
                        TimeColumn = timeName,
                        TimeColumns = timeNames.Length > 1 ? timeNames : null,
                        ValueColumns = [targetColumn, .. extraColumns],
                        Missing = parse.GetValue(missing) switch
                        {
                            "ffill" => MissingValuePolicy.ForwardFill,
                            "interpolate" => MissingValuePolicy.Interpolate,
                            _ => MissingValuePolicy.Refuse,
                        },
                        From = parse.GetValue(from) is string f ? ParseFrom(f) : null,
                    };
                    csvOptions = csvReading.ApplyTo(csvOptions, parse);
                    // Options that fix the network choose today's fixed path; without them the forecaster is searched
                    // for.
                    Option[] fixing =
                    [
                        model,
                        history,
                        seasonalDifference,
                        logOption,
                        hidden,
                        layers,
                        covariates,
                        stride,
                        validationRows,
                    ];
                    if (!fixing.Any(o => parse.GetResult(o) is { Implicit: false }))
                    {
                        var search = new ForecastSearchSettings();
                        int forecastRows = parse.GetValue(horizon) ?? search.Horizon;
                        if (parse.GetValue(test) is int held && held != forecastRows)
                            throw new ArgumentException(
                                $"--test {held}: the automatic search forecasts the held-out tail from one origin, "
                                    + $"so it holds out the horizon ({forecastRows}); for several test windows give "
                                        + $"the "
                                    + "model options (--model, --history, ...)."
                            );
                        search = search with
                        {
                            Horizon = forecastRows,
                            Season = parse.GetValue(season) ?? search.Season,
                            Steps = parse.GetValue(steps) ?? search.Steps,
                            Batch = parse.GetValue(batch) ?? search.Batch,
                            LearningRate = parse.GetValue(learningRate) ?? search.LearningRate,
                            Samples = parse.GetValue(samples) ?? search.Samples,
                            Seed = parse.GetValue(seed),
                            MaxMinutes = parse.GetValue(maxMinutes),
                        };
                        return RunAutomatic(
                            output,
                            path,
                            csvOptions,
                            targetColumn,
                            search,
                            parse.GetValue(season) is null,
                            parse.GetValue(plot),
                            parse.GetValue(outDirectory),
                            Path.GetFileNameWithoutExtension(path)
                        );
                    }
                }
                if (parse.GetResult(maxMinutes) is { Implicit: false })
                    throw new ArgumentException(
                        "--max-minutes bounds the automatic search (--csv without model "
                            + "options); a --dataset preset or a fixed model trains for --max-steps updates."
                    );
                settings = settings with
                {
                    Model = parse.GetValue(model) switch
                    {
                        "ar" => ForecastModelKind.Autoregressive,
                        "seq2seq" => ForecastModelKind.EncoderDecoder,
                        _ => settings.Model,
                    },
                    History = parse.GetValue(history) ?? settings.History,
                    Horizon = parse.GetValue(horizon) ?? settings.Horizon,
                    TestRows = parse.GetValue(test) ?? parse.GetValue(horizon) ?? settings.TestRows,
                    Stride = parse.GetValue(stride) ?? settings.Stride,
                    ValidationRows = parse.GetValue(validationRows) ?? settings.ValidationRows,
                    Season = parse.GetValue(season) ?? settings.Season,
                    SeasonalDifference = parse.GetValue(seasonalDifference) ?? settings.SeasonalDifference,
                    Log = parse.GetValue(logOption) ?? settings.Log,
                    Hidden = parse.GetValue(hidden) ?? settings.Hidden,
                    Layers = parse.GetValue(layers) ?? settings.Layers,
                    Steps = parse.GetValue(steps) ?? settings.Steps,
                    Batch = parse.GetValue(batch) ?? settings.Batch,
                    LearningRate = parse.GetValue(learningRate) ?? settings.LearningRate,
                    Samples = parse.GetValue(samples) ?? settings.Samples,
                    Seed = parse.GetValue(seed),
                };
                return Run(
                    output,
                    path,
                    csvOptions,
                    targetColumn,
                    settings,
                    preset is null && parse.GetValue(season) is null,
                    parse.GetValue(plot),
                    parse.GetValue(outDirectory),
                    parse.GetValue(resume),
                    name ?? Path.GetFileNameWithoutExtension(path)
                );
            }));
        return command;
    }

    private static DateTime ParseFrom(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException($"--from '{text}' is not a date written yyyy-MM-dd.");

    private static readonly TimeSeriesCsvOptionNames OptionNames = new()
    {
        Missing = "--missing ffill or --missing interpolate",
        From = "--from yyyy-MM-dd",
        TimeColumn = "--time-column",
        Where = "--where COLUMN=VALUE",
        FillGaps = "--fill-gaps",
        MissingMarker = "--missing-marker",
    };

    // The file's target (filled as the missing-value policy says), which of its values were measured, and the table.
    private static (TimeSeriesTable Table, float[] Target, bool[]? Observed) Read(
        string path,
        TimeSeriesCsvOptions csvOptions,
        string targetColumn
    )
    {
        // The reader's advice names the command-line options that give what it suggests.
        csvOptions = csvOptions with { OptionNames = OptionNames };
        var table = TimeSeriesCsv.Read(path, csvOptions);
        bool[]? observed = null;
        if (csvOptions.Missing != MissingValuePolicy.Refuse)
        {
            var raw = TimeSeriesCsv.Read(
                path,
                csvOptions with
                {
                    ValueColumns = [targetColumn],
                    Missing = MissingValuePolicy.Mask,
                }
            );
            observed = raw.Observed;
        }
        return (table, table.Column(targetColumn), observed);
    }

    private static int RunAutomatic(
        TextWriter output,
        string path,
        TimeSeriesCsvOptions csvOptions,
        string targetColumn,
        ForecastSearchSettings settings,
        bool seasonFromTimes,
        string? plotPath,
        string? outDirectory,
        string title
    )
    {
        var (table, target, observed) = Read(path, csvOptions, targetColumn);
        int? implied = seasonFromTimes ? SeasonLength.Of(table.Times) : null;
        settings = settings with { Directory = outDirectory, Season = implied ?? settings.Season };
        output.WriteLine(
            $"{path}: {RowsRead(table, targetColumn)}; automatic search: "
                + $"horizon {settings.Horizon}, season {SeasonText(settings.Season, implied)}, "
                + $"{table.Rows - settings.Horizon} training rows, "
                + $"{settings.Horizon} held out, budget {settings.MaxMinutes:G3} min, seed {settings.Seed}"
        );
        var report = AutomaticForecast.Run(target, observed, table.Times, settings, output.WriteLine);
        var search = report.Search;
        output.WriteLine($"holt-winters on the training part: {search.HoltWinters.Variant.Name} (by AICc)");
        if (plotPath is not null)
        {
            string heading =
                $"{title}: {search.Choice.Name} forecast of the held-out tail "
                + $"(MASE {report.Chosen.Mase(report.MaseScale):F3})";
            ForecastPlot.Write(report.Last, plotPath, heading, table.Times is not null);
            output.WriteLine($"wrote {plotPath}");
        }
        var results = new List<(string, object?)>();
        if (outDirectory is not null)
        {
            Directory.CreateDirectory(outDirectory);
            // One network is model.safetensors; the members of an ensemble are model-1.safetensors,
            // model-2.safetensors, ...; each beside the run of its final training (model/, or model-1/, ...).
            for (int i = 0; i < search.Networks.Count; i++)
            {
                var network = search.Networks[i];
                network.Description["target"] = targetColumn;
                network.Description["search_choice"] = search.Choice.Name;
                string name = ForecastSearchSettings.NetworkName(i, search.Networks.Count);
                string checkpoint = Path.Combine(outDirectory, name + ".safetensors");
                network.Save(checkpoint);
                results.Add(("checkpoint", checkpoint));
                TrainingConsole.DrawLossPlot(Path.Combine(outDirectory, name, "metrics.jsonl"));
            }
            string summary = Path.Combine(outDirectory, "search.json");
            AtomicFile.WriteAllText(summary, search.ToJson());
            results.Add(("search", summary));
        }
        string future = FutureCsv(table, report, targetColumn);
        output.WriteLine(
            $"forecast of the {report.Future.Length} rows after the series, by {search.Choice.Name} from the last "
                + "row on:"
        );
        output.Write(future);
        if (outDirectory is not null)
        {
            string forecastPath = Path.Combine(outDirectory, "forecast.csv");
            AtomicFile.WriteAllText(forecastPath, future);
            results.Add(("forecast", forecastPath));
        }
        results.AddRange([
            ("model", search.Summary),
            ("fell_back_to_baseline", search.FellBack),
            ("candidates_tried", search.Scores.Count(c => c.Networks.Count == 1 && c.Baseline is null)),
            ("candidates_skipped_for_budget", search.Skipped.Count),
            ("search_minutes", search.Seconds / 60),
            ("scored_values", report.Chosen.Count),
            ("mase_scale", report.MaseScale),
            .. ScoreLines("", report.Chosen, report.MaseScale),
            .. ScoreLines("seasonal_naive_", report.SeasonalNaive, report.MaseScale),
            .. ScoreLines("naive_", report.Naive, report.MaseScale),
            .. ScoreLines("holt_winters_", report.HoltWinters, report.MaseScale),
        ]);
        ResultLines.Write(output, results);
        return 0;
    }

    private static int Run(
        TextWriter output,
        string path,
        TimeSeriesCsvOptions csvOptions,
        string targetColumn,
        ForecastExperiment settings,
        bool seasonFromTimes,
        string? plotPath,
        string? outDirectory,
        FileInfo? resume,
        string title
    )
    {
        var (table, targetValues, observed) = Read(path, csvOptions, targetColumn);
        int? implied = seasonFromTimes ? SeasonLength.Of(table.Times) : null;
        settings = settings with { Season = implied ?? settings.Season };
        var extraColumns = table.Columns.Where(c => c != targetColumn).ToArray();
        var extra = new float[table.Rows * extraColumns.Length];
        for (int c = 0; c < extraColumns.Length; c++)
        {
            var column = table.Column(extraColumns[c]);
            for (int r = 0; r < table.Rows; r++)
                extra[r * extraColumns.Length + c] = column[r];
        }
        output.WriteLine(
            $"{path}: {RowsRead(table, targetColumn)}; model {settings.Model}, history "
                + $"{settings.History}, horizon {settings.Horizon}, season {SeasonText(settings.Season, implied)}, "
                + $"{settings.TestRows} rows held out"
        );
        TrainingResult? training = null;
        string? lossPlot = null;
        var run =
            outDirectory is null && resume is null
                ? null
                : TrainingConsole.Runner<int[]>(resume, "windows", (result, plot) =>
                    (training, lossPlot) = (result, plot)
                );
        var report = settings.Run(
            targetValues,
            observed,
            extra,
            extraColumns.Length,
            table.Times,
            output.WriteLine,
            outDirectory,
            run
        );
        if (plotPath is not null)
        {
            ForecastPlot.Write(
                report.Last,
                plotPath,
                $"{title}: {settings.Model} forecast of the held-out tail (MASE "
                    + $"{report.Model.Mase(report.MaseScale):F3})",
                table.Times is not null
            );
            output.WriteLine($"wrote {plotPath}");
        }
        var results = new List<(string, object?)>();
        if (outDirectory is not null)
        {
            var model = report.Forecaster!;
            model.Description["target"] = targetColumn;
            if (model.CovariateWidth > 0)
                model.Description["covariates"] = string.Join(",", extraColumns);
            Directory.CreateDirectory(outDirectory);
            string checkpoint = Path.Combine(outDirectory, "model.safetensors");
            model.Save(checkpoint);
            results.Add(("checkpoint", checkpoint));
        }
        string? best = outDirectory is null ? null : Path.Combine(outDirectory, "best.safetensors");
        if (training is not null)
            results.AddRange(
                TrainingConsole
                    .Results(training, lossPlot, "windows")
                    .Where(r => r.Key is not "checkpoint")
                    .Prepend(("best_checkpoint", best))
                    .Where(r => r.Value is not null)
            );
        results.AddRange([
            ("windows", report.Windows),
            ("scored_values", report.Model.Count),
            ("mase_scale", report.MaseScale),
            .. ScoreLines("", report.Model, report.MaseScale),
            .. ScoreLines("seasonal_naive_", report.SeasonalNaive, report.MaseScale),
            .. ScoreLines("naive_", report.Naive, report.MaseScale),
        ]);
        ResultLines.Write(output, results);
        return 0;
    }

    // MASE, sMAPE and MAE of one forecast on the held-out tail, as result lines named with the prefix.
    private static (string, object?)[] ScoreLines(string prefix, ErrorTally errors, double maseScale) =>
        [(prefix + "mase", errors.Mase(maseScale)), (prefix + "smape", errors.Smape), (prefix + "mae", errors.Mae)];

    // Without --target, a file of two columns is a time and a value (the time first unless --time-column names the
    // other); any other file needs --target, and the message names its columns.
    private static (string? Time, string Target) TimeAndValue(
        string path,
        string? timeName,
        char? separator,
        TextWriter output
    )
    {
        var names = TimeSeriesCsv.ColumnNames(path, separator);
        string Listed() => string.Join(", ", names.Select(n => $"'{n}'"));
        if (names.Count != 2 || timeName is not null && !names.Contains(timeName))
            throw new ArgumentException(
                $"--csv needs --target, the column to forecast; {path} has the columns {Listed()}."
                    + (
                        timeName is null && TimeSeriesCsv.DateColumns(path, separator) is [var dates, ..]
                            ? $" The times are in '{dates}': {TimeColumnOption(dates)}."
                            : ""
                    )
            );
        timeName ??= names[0];
        string value = names[0] == timeName ? names[1] : names[0];
        output.WriteLine($"{path}: the time column '{timeName}' and the target '{value}' (the file's two columns)");
        return (timeName, value);
    }

    // Rows read as steps where a column holds dates are most likely a time column not named: say so, and how.
    private static void SayStepsBesideDates(string path, char? separator, string target, TextWriter output)
    {
        if (TimeSeriesCsv.DateColumns(path, separator).FirstOrDefault(n => n != target) is { } dates)
            output.WriteLine(
                $"{path}: the rows are read as steps (no --time-column); the column '{dates}' holds dates, which "
                    + $"{TimeColumnOption(dates)} reads as the times"
            );
    }

    private static string TimeColumnOption(string column) =>
        column.Any(char.IsWhiteSpace) ? $"--time-column \"{column}\"" : $"--time-column {column}";

    // The forecast after the series as CSV: each row's time (a date, or the index continued at its step, or the row
    // number) and the forecast.
    private static string FutureCsv(TimeSeriesTable table, AutomaticForecastReport report, string target)
    {
        var text = new StringBuilder(table.Times is null ? $"row,{target}\n" : $"time,{target}\n");
        long last = table.Index is { Length: > 0 } index ? index[^1] : table.Rows - 1;
        long step = table.Index is { Length: > 1 } steps ? steps[1] - steps[0] : 1;
        for (int k = 0; k < report.Future.Length; k++)
        {
            string when = report.FutureTimes is { } times
                ? times[k].ToString(
                    times[k].TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss",
                    CultureInfo.InvariantCulture
                )
                : (last + (k + 1) * step).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{when},{report.Future[k]:G6}\n");
        }
        return text.ToString();
    }

    // The season, and where it came from when the times gave it.
    private static string SeasonText(int season, int? implied) =>
        implied is null ? $"{season}" : $"{season} (from the time step)";

    // The rows read, as the first line of a run says them.
    private static string RowsRead(TimeSeriesTable table, string target) =>
        $"{table.Rows} rows of '{target}' stepping by {table.Step}"
        + (table.TimesReadAs is { } readAs ? $" (the times read as {readAs})" : "")
        + (table.StepsInserted > 0 ? $" ({table.StepsInserted} missing step(s) inserted into the gaps)" : "")
        + (table.HeaderLine > 1 ? $" (the header on line {table.HeaderLine}; the lines above it skipped)" : "")
        + (table.LinesBelowSkipped > 0 ? $" ({table.LinesBelowSkipped} line(s) below the table skipped)" : "")
        + (table.NewestFirst ? " (the file lists the newest first; read from its last row up)" : "")
        + (table.SortedByTime ? " (the rows were out of time order; read sorted by time)" : "");
}
