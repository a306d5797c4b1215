using System.CommandLine;
using System.Globalization;
using Recurrent.Cli.Console;
using Recurrent.Cli.Plots;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Models.Forecasting;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent forecast</c>: trains a probabilistic forecaster (autoregressive or encoder-decoder) on a time series
/// from a CSV file or a known dataset, forecasts the held-out tail by sampling trajectories, draws them to a PNG and
/// prints MASE, sMAPE and MAE of the model and of the seasonal-naive and naive baselines.
/// </summary>
public static class ForecastCommand
{
    private sealed record Preset(string[] RelativePath, TimeSeriesCsvOptions Csv, string Target, ForecastSettings Settings);

    private static readonly Dictionary<string, Preset> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["airline"] = new(["forecasting", "tsdl", "airline-passengers.csv"],
            new TimeSeriesCsvOptions { TimeColumn = "Month", ValueColumns = ["Passengers"] }, "Passengers",
            new ForecastSettings { History = 24, Horizon = 12, TestRows = 12, Season = 12, SeasonalDifference = true, Log = true, Hidden = 32, Steps = 1500, Batch = 32 }),
        ["co2"] = new(["forecasting", "vega", "co2-concentration.csv"],
            new TimeSeriesCsvOptions { TimeColumn = "Date", ValueColumns = ["CO2"], From = new DateTime(1964, 5, 1) }, "CO2",
            new ForecastSettings { Model = ForecastModelKind.EncoderDecoder, History = 36, Horizon = 24, TestRows = 24, Season = 12, SeasonalDifference = true, Hidden = 32, Steps = 1500, Batch = 32 }),
        ["pm25"] = new(["forecasting", "beijing-pm25", "pollution.csv"],
            new TimeSeriesCsvOptions { TimeColumns = ["year", "month", "day", "hour"], ValueColumns = ["pm2.5", "DEWP", "TEMP", "PRES", "Iws"], Missing = MissingValuePolicy.Interpolate }, "pm2.5",
            new ForecastSettings { Model = ForecastModelKind.EncoderDecoder, History = 72, Horizon = 24, TestRows = 8760, Stride = 24, Season = 24, Log = true, Hidden = 64, Steps = 2000, Batch = 64, Samples = 100 }),
    };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var dataset = new Option<string?>("--dataset") { Description = "A known series with tuned defaults: airline, co2 or pm25 (read from --data-dir)." };
        var dataDirectory = new Option<string?>("--data-dir") { Description = "The shared data directory (default: $RECURRENT_DATA, else ../shared/data)." };
        var csv = new Option<FileInfo?>("--csv") { Description = "A CSV file with a header line (instead of --dataset)." };
        var timeColumn = new Option<string?>("--time-column") { Description = "The date or index column of --csv." };
        var target = new Option<string?>("--target") { Description = "The column to forecast." };
        var covariates = new Option<string?>("--covariates") { Description = "Comma-separated columns the encoder-decoder also reads from the history." };
        var missing = new Option<string>("--missing") { Description = "Missing values: refuse, ffill, interpolate (the held-out truth is scored only where observed).", DefaultValueFactory = _ => "refuse" };
        missing.AcceptOnlyFromAmong("refuse", "ffill", "interpolate");
        var from = new Option<string?>("--from") { Description = "Read only rows at or after this date (yyyy-MM-dd)." };
        var model = new Option<string?>("--model") { Description = "ar (one-step model rolled out) or seq2seq (encoder-decoder)." };
        model.AcceptOnlyFromAmong("ar", "seq2seq");
        var history = new Option<int?>("--history") { Description = "Rows read before each forecast origin." };
        var horizon = new Option<int?>("--horizon") { Description = "Rows forecast." };
        var test = new Option<int?>("--test") { Description = "Rows held out at the end (forecasts start at its first row)." };
        var stride = new Option<int?>("--stride") { Description = "Rows between test origins (default: the horizon)." };
        var season = new Option<int?>("--season") { Description = "Season m of the seasonal-naive baseline and MASE (12 monthly, 24 hourly)." };
        var seasonalDifference = new Option<bool?>("--seasonal-difference") { Description = "Model y_t - y_{t-m} instead of the level." };
        var logOption = new Option<bool?>("--log") { Description = "Model log(1 + x)." };
        var hidden = new Option<int?>("--hidden") { Description = "LSTM width." };
        var layers = new Option<int?>("--layers") { Description = "Stacked LSTM layers." };
        var steps = new Option<int?>("--steps") { Description = "Training updates." };
        var batch = new Option<int?>("--batch") { Description = "Windows per update." };
        var learningRate = new Option<double?>("--lr") { Description = "Adam's initial learning rate (decays linearly to a tenth)." };
        var samples = new Option<int?>("--samples") { Description = "Trajectories sampled per forecast." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var plot = new Option<string?>("--plot") { Description = "Write the last test window (history, truth, mean forecast, sampled band) to this PNG." };
        var outDirectory = new Option<string?>("--out") { Description = "Save the trained model to DIR/model.safetensors (with its transform and scaling), for recurrent export." };
        var csvReading = new CsvCommandOptions();
        var command = new Command("forecast", "Train a probabilistic RNN forecaster on a time series and score it on the held-out tail against the seasonal-naive and naive forecasts.")
        {
            dataset, dataDirectory, csv, timeColumn, target, covariates, missing, from, model, history, horizon, test, stride, season,
            seasonalDifference, logOption, hidden, layers, steps, batch, learningRate, samples, seed, plot, outDirectory,
            csvReading.Separator, csvReading.DayFirst,
        };
        command.SetAction(parse => CommandRunner.Run(parse, output =>
        {
            Preset? preset = null;
            string? name = parse.GetValue(dataset);
            if (name is not null && !Presets.TryGetValue(name, out preset))
                throw new ArgumentException($"Unknown --dataset '{name}'; known: {string.Join(", ", Presets.Keys)}.");
            var file = parse.GetValue(csv);
            if ((preset is null) == (file is null))
                throw new ArgumentException("Give either --dataset or --csv.");
            string path;
            TimeSeriesCsvOptions csvOptions;
            string targetColumn;
            var settings = preset?.Settings ?? new ForecastSettings();
            if (preset is not null)
            {
                string root = parse.GetValue(dataDirectory) ?? Environment.GetEnvironmentVariable(DatasetLocator.DataDirectoryVariable) ?? Path.Combine("..", "shared", "data");
                path = Path.Combine([root, .. preset.RelativePath]);
                csvOptions = preset.Csv;
                targetColumn = preset.Target;
            }
            else
            {
                path = file!.FullName;
                targetColumn = parse.GetValue(target) ?? throw new ArgumentException("--csv needs --target, the column to forecast.");
                var extraColumns = (parse.GetValue(covariates) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                csvOptions = new TimeSeriesCsvOptions
                {
                    TimeColumn = parse.GetValue(timeColumn),
                    ValueColumns = [targetColumn, .. extraColumns],
                    Missing = parse.GetValue(missing) switch { "ffill" => MissingValuePolicy.ForwardFill, "interpolate" => MissingValuePolicy.Interpolate, _ => MissingValuePolicy.Refuse },
                    From = parse.GetValue(from) is string f ? DateTime.ParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                };
            }
            csvOptions = csvReading.ApplyTo(csvOptions, parse);
            settings = settings with
            {
                Model = parse.GetValue(model) switch { "ar" => ForecastModelKind.Autoregressive, "seq2seq" => ForecastModelKind.EncoderDecoder, _ => settings.Model },
                History = parse.GetValue(history) ?? settings.History,
                Horizon = parse.GetValue(horizon) ?? settings.Horizon,
                TestRows = parse.GetValue(test) ?? parse.GetValue(horizon) ?? settings.TestRows,
                Stride = parse.GetValue(stride) ?? settings.Stride,
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
            return Run(output, path, csvOptions, targetColumn, settings, parse.GetValue(plot), parse.GetValue(outDirectory), name ?? Path.GetFileNameWithoutExtension(path));
        }));
        return command;
    }

    private static int Run(TextWriter output, string path, TimeSeriesCsvOptions csvOptions, string targetColumn, ForecastSettings settings, string? plotPath,
        string? outDirectory, string title)
    {
        var table = TimeSeriesCsv.Read(path, csvOptions);
        var targetValues = table.Column(targetColumn);
        bool[]? observed = null;
        if (csvOptions.Missing != MissingValuePolicy.Refuse)
        {
            var raw = TimeSeriesCsv.Read(path, csvOptions with { ValueColumns = [targetColumn], Missing = MissingValuePolicy.Mask });
            observed = raw.Observed;
        }
        var extraColumns = table.Columns.Where(c => c != targetColumn).ToArray();
        var extra = new float[table.Rows * extraColumns.Length];
        for (int c = 0; c < extraColumns.Length; c++)
        {
            var column = table.Column(extraColumns[c]);
            for (int r = 0; r < table.Rows; r++) extra[r * extraColumns.Length + c] = column[r];
        }
        output.WriteLine($"{path}: {table.Rows} rows of '{targetColumn}' stepping by {table.Step}; model {settings.Model}, history {settings.History}, horizon {settings.Horizon}, {settings.TestRows} rows held out");
        var report = ForecastExperiment.Run(targetValues, observed, extra, extraColumns.Length, table.Times, settings, output.WriteLine);
        if (plotPath is not null)
        {
            ForecastPlot.Write(report.Last, plotPath, $"{title}: {settings.Model} forecast of the held-out tail (MASE {report.Model.Mase(report.MaseScale):F3})", table.Times is not null);
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
            ForecasterCheckpoint.Save(checkpoint, model);
            results.Add(("checkpoint", checkpoint));
        }
        results.AddRange(
        [
            ("windows", report.Windows),
            ("scored_values", report.Model.Count),
            ("mase_scale", report.MaseScale),
            ("mase", report.Model.Mase(report.MaseScale)),
            ("smape", report.Model.Smape),
            ("mae", report.Model.Mae),
            ("seasonal_naive_mase", report.SeasonalNaive.Mase(report.MaseScale)),
            ("seasonal_naive_smape", report.SeasonalNaive.Smape),
            ("seasonal_naive_mae", report.SeasonalNaive.Mae),
            ("naive_mase", report.Naive.Mase(report.MaseScale)),
            ("naive_smape", report.Naive.Smape),
            ("naive_mae", report.Naive.Mae),
        ]);
        ResultLines.Write(output, results);
        return 0;
    }
}
