using Recurrent.Cli.Console;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Models.Labelling;
using Recurrent.Tensors;
using Recurrent.Training;
using System.CommandLine;
using System.Globalization;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent label</c>: many-to-many synchronous labelling of a daily series (Seattle weather by default): a
/// bidirectional LSTM over windows of days against the same network applied to each day alone, both scored by
/// per-day accuracy on the held-out tail.
/// </summary>
public static class LabelCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var csv = new Option<FileInfo?>("--csv")
        {
            Description = "The CSV file (default: forecasting/vega/seattle-weather.csv under --data-dir).",
        };
        var dataDirectory = new DataDirectoryOption("forecasting/vega/seattle-weather.csv");
        var timeColumn = new Option<string>("--time-column")
        {
            Description = "The date column.",
            DefaultValueFactory = _ => "date",
        };
        var columns = new Option<string>("--columns")
        {
            Description = "Comma-separated measurement columns.",
            DefaultValueFactory = _ => "precipitation,temp_max,temp_min,wind",
        };
        var logColumns = new Option<string>("--log-columns")
        {
            Description = "Comma-separated columns read as log(1 + x) before scaling (heavy-tailed ones).",
            DefaultValueFactory = _ => "precipitation",
        };
        var labelColumn = new Option<string>("--label")
        {
            Description = "The label column.",
            DefaultValueFactory = _ => "weather",
        };
        var testFraction = new Option<double>("--test-fraction")
        {
            Description = "Fraction of rows held out at the end.",
            DefaultValueFactory = _ => 0.2,
        };
        var window = new Option<int>("--window") { Description = "Days per window.", DefaultValueFactory = _ => 7 };
        var hidden = new Option<int>("--hidden")
        {
            Description = "LSTM width per direction (the per-day layer is twice this).",
            DefaultValueFactory = _ => 16,
        };
        var steps = new Option<int>("--max-steps")
        {
            Description = "Training updates of each model.",
            DefaultValueFactory = _ => 2000,
        };
        var validationFraction = new Option<double>("--val-fraction")
        {
            Description = "Fraction of the training rows (its end) that picks the best parameters.",
            DefaultValueFactory = _ => 0.15,
        };
        var evaluateEvery = new Option<int>("--eval-every")
        {
            Description = "Updates between validation checks.",
            DefaultValueFactory = _ => 100,
        };
        var batch = new Option<int>("--batch-size")
        {
            Description = "Windows per update.",
            DefaultValueFactory = _ => 32,
        };
        var learningRate = new Option<double>("--lr")
        {
            Description = "Adam's learning rate (decays linearly to a tenth).",
            DefaultValueFactory = _ => 3e-3,
        };
        var dropoutOption = new Option<float>("--dropout")
        {
            Description = "Dropout on the bidirectional LSTM's output while training.",
            DefaultValueFactory = _ => 0.5f,
        };
        var seed = SeedOption.Create();
        var csvReading = new CsvCommandOptions();
        var outDirectory = new Option<string?>("--out")
        {
            Description =
                "Save both trained models to DIR/bidirectional.safetensors and DIR/one_to_one.safetensors (with labels "
                    + "and "
                + "scaling), for recurrent export, and each model's run (best.safetensors, last.safetensors, "
                    + "metrics.jsonl, loss.png) "
                + "to DIR/bidirectional and DIR/one_to_one.",
        };
        var resume = new Option<DirectoryInfo?>("--resume")
        {
            Description =
                "Continue the runs saved under this --out directory (its bidirectional/last.safetensors and "
                + "one_to_one/last.safetensors) where they stopped.",
        };
        var command = new Command(
            "label",
            "Label each step of a series from the steps around it (bidirectional LSTM) and compare with labelling each "
                + "step alone."
        )
        {
            csv,
            dataDirectory.Option,
            timeColumn,
            columns,
            logColumns,
            labelColumn,
            testFraction,
            validationFraction,
            window,
            hidden,
            steps,
            evaluateEvery,
            batch,
            learningRate,
            dropoutOption,
            seed,
            outDirectory,
            resume,
            csvReading.Separator,
            csvReading.DayFirst,
            csvReading.Where,
            new OldSpelling<int>(steps, "--steps"),
            new OldSpelling<double>(validationFraction, "--validation-fraction"),
            new OldSpelling<int>(batch, "--batch"),
        };
        command.SetAction(parse => CommandRunner.Run(parse, output =>
            {
                DistributedOption.RefuseUnderMpi("label");
                string path = parse.GetValue(csv)?.FullName
                    ?? dataDirectory.File(parse, "forecasting", "vega", "seattle-weather.csv");
                string[] valueColumns = parse
                    .GetValue(columns)!
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var csvOptions = csvReading.ApplyTo(
                    new TimeSeriesCsvOptions
                    {
                        TimeColumn = parse.GetValue(timeColumn),
                        ValueColumns = valueColumns,
                        LabelColumn = parse.GetValue(labelColumn),
                    },
                    parse
                );
                return Run(
                    output,
                    path,
                    csvOptions,
                    parse
                        .GetValue(logColumns)!
                        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    parse.GetValue(testFraction),
                    parse.GetValue(validationFraction),
                    parse.GetValue(window),
                    parse.GetValue(hidden),
                    parse.GetValue(steps),
                    parse.GetValue(evaluateEvery),
                    parse.GetValue(batch),
                    parse.GetValue(learningRate),
                    parse.GetValue(dropoutOption),
                    parse.GetValue(seed),
                    parse.GetValue(outDirectory),
                    parse.GetValue(resume)
                );
            }));
        return command;
    }

    private static int Run(
        TextWriter output,
        string path,
        TimeSeriesCsvOptions csvOptions,
        string[] logColumns,
        double testFraction,
        double validationFraction,
        int window,
        int hidden,
        int steps,
        int evaluateEvery,
        int batch,
        double learningRate,
        float dropout,
        ulong seed,
        string? outDirectory,
        DirectoryInfo? resume
    )
    {
        if (testFraction is <= 0 or >= 1)
            throw new ArgumentException($"--test-fraction must be between 0 and 1; got {testFraction}.");
        var table = TimeSeriesCsv.Read(path, csvOptions);
        string[] columns = [.. csvOptions.ValueColumns];
        int trainRows = (int)Math.Round(table.Rows * (1 - testFraction));
        if (trainRows < window || table.Rows - trainRows < 1)
            throw new ArgumentException(
                $"{path}: too few rows for one window: {table.Rows} rows, {trainRows} for training, but a window is "
                    + $"{window} rows."
            );
        var labelSet = new LabelSet(
            table.Labels!.Take(trainRows).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
        );
        var labels = table
            .Labels!.Select(l =>
                labelSet.TryGetIndex(l, out int i)
                    ? i
                    : throw new ArgumentException(
                        $"{path}: the label '{l}' appears only in the held-out tail (training labels: "
                            + $"{string.Join(", ", labelSet.Labels)})."
                    )
            )
            .ToArray();
        foreach (var column in logColumns)
        {
            int channel = Array.IndexOf(columns, column);
            if (channel < 0)
                throw new ArgumentException(
                    $"--log-columns: '{column}' is not one of --columns ({string.Join(", ", columns)})."
                );
            for (int r = 0; r < table.Rows; r++)
            {
                ref float x = ref table.Values[r * table.Channels + channel];
                if (x <= -1)
                    throw new ArgumentException(
                        $"{path}: '{column}' has {x} on row {r + 1}; log(1 + x) needs values above -1."
                    );
                x = MathF.Log(1 + x);
            }
        }
        var scaler = table.FitScaler(ScalingKind.Standardize, trainRows);
        var scaled = table.Transform(scaler);
        output.WriteLine(
            $"{path}: {table.Rows} days, {trainRows} for training, {table.Rows - trainRows} held out; labels "
                + $"{string.Join(", ", labelSet.Labels)}"
        );
        var results = new List<(string, object?)>();
        var majority = Enumerable.Range(0, labelSet.Count).MaxBy(c => labels.Take(trainRows).Count(l => l == c));
        double majorityAccuracy = (double)labels.Skip(trainRows).Count(l => l == majority) / (table.Rows - trainRows);
        foreach (bool recurrent in new[] { true, false })
        {
            var rng = new RandomGenerator(seed);
            var kind = recurrent ? SequenceLabellerKind.Bidirectional : SequenceLabellerKind.Pointwise;
            var model = SequenceLabeller.Create(
                new SequenceLabellerConfig(kind, table.Channels, hidden, labelSet.Count, recurrent ? dropout : 0f),
                rng
            );
            string name = recurrent ? "bidirectional" : "one_to_one";
            output.WriteLine($"{model.GetType().Name}: {model.ParameterCount:N0} parameters");
            int validationRows = (int)Math.Round(trainRows * validationFraction);
            if (outDirectory is not null)
            {
                model.Description["labels"] = labelSet.Serialize();
                model.Description["columns"] = string.Join(",", columns);
                model.Description["log1p_columns"] = string.Join(",", logColumns);
                model.Description["scaler"] = scaler.Serialize();
                model.Description["window"] = window.ToString(CultureInfo.InvariantCulture);
                model.Description["input_preparation"] =
                    "x = log(1 + x) for the log1p_columns, then the scaler (fitted on the training rows); a row is "
                        + "labelled from the window centred on it";
            }
            string? runDirectory = outDirectory is null ? null : Path.Combine(outDirectory, name);
            var resumeFrom = resume is null
                ? null
                : new FileInfo(Path.Combine(resume.FullName, name, "last.safetensors"));
            TrainingResult? training = null;
            string? lossPlot = null;
            var run =
                runDirectory is null && resumeFrom is null
                    ? null
                    : TrainingConsole.Runner<int[]>(resumeFrom, "windows", (result, plot) =>
                        (training, lossPlot) = (result, plot)
                    );
            var (accuracy, validation, bestStep) = LabellingExperiment.Run(
                model,
                scaled.Values,
                table.Channels,
                labels,
                trainRows,
                validationRows,
                window,
                steps,
                batch,
                learningRate,
                evaluateEvery,
                rng,
                (step, loss, validationAccuracy) =>
                    output.WriteLine(
                        $"  {name} step {step}/{steps}  loss {loss:F4}  validation accuracy {validationAccuracy:F4}"
                    ),
                seed,
                runDirectory,
                run
            );
            output.WriteLine($"  {name}: best validation accuracy {validation:F4} at step {bestStep}");
            if (outDirectory is not null)
            {
                Directory.CreateDirectory(outDirectory);
                string checkpoint = Path.Combine(outDirectory, $"{name}.safetensors");
                model.Save(checkpoint);
                results.Add(($"{name}_checkpoint", checkpoint));
            }
            if (training is not null)
                results.AddRange(
                    TrainingConsole
                        .Results(training, lossPlot, "windows")
                        .Where(r => r.Value is not null && r.Key is not "checkpoint")
                        .Select(r => ($"{name}_{r.Key}", r.Value))
                );
            results.Add(($"{name}_accuracy", accuracy));
            results.Add(($"{name}_validation_accuracy", validation));
        }
        results.Add(("majority_class_accuracy", majorityAccuracy));
        ResultLines.Write(output, results);
        return 0;
    }
}
