using Recurrent.Cli.Console;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Distributed;
using Recurrent.Models.Classification;
using System.CommandLine;
using System.Globalization;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent classify</c>: many-to-one sequence classification. <c>train</c> on UCR/UEA <c>.ts</c> files (or
/// the UCR archive's <c>.tsv</c>, or optdigits), <c>mnist</c> for row-by-row MNIST (IDX files), <c>predict</c> to
/// label new series with a trained model.
/// </summary>
public static class ClassifyCommand
{
    private const double DefaultSearchMinutes = 10;

    /// <summary>Creates the command and its subcommands.</summary>
    public static Command Create() =>
        new(
            "classify",
            "Sequence classification (many-to-one): an LSTM or GRU reads each whole series and a linear layer "
                + "classifies its last state."
        )
        {
            CreateTrain(),
            CreateMnist(),
            CreatePredict(),
        };

    private static Command CreateTrain()
    {
        var train = new Option<FileInfo[]>("--train")
        {
            Description =
                "The training set: a UCR/UEA .ts or ARFF file, a UCR archive .tsv file (the label, then the values, on "
                    + "each line), a table with a header line (a series or a step per row), a folder of one file per "
                    + "series in a folder per class, or a UCI optdigits .tra file; or, with --train-labels, NumPy's "
                    + ".npy of (series, steps[, channels]), or files of values only, one series per line, given once "
                    + "per channel (numpy's savetxt, UCI HAR).",
            Required = true,
        };
        var trainLabels = new Option<FileInfo?>("--train-labels")
        {
            Description = "The classes of the training series, one per line in their order (numpy's savetxt of y), "
                + "or a .npy of them (one-hot rows too), when --train holds values only.",
        };
        var test = new Option<FileInfo[]>("--test")
        {
            Description = "The test set, in any of --train's formats, with the same channels and labels (files of "
                + "values only with --test-labels); without it, train reports the validation or cross-validated "
                + "accuracy alone.",
        };
        var testLabels = new Option<FileInfo?>("--test-labels")
        {
            Description = "The classes of the test series, one per line in their order, or a .npy of them, when "
                + "--test holds values only.",
        };
        var options = new ClassifierTrainingOptions("runs/classify", defaultEpochs: 100);
        var columns = new SeriesTableOptions();
        var command = new Command(
            "train",
            "Train a classifier on a training file and report test accuracy and the confusion matrix on --test. "
                + "Without model or training options it chooses the configuration by itself, by cross-validation on "
                + "the training file within --max-minutes (default 10); with any, it trains that fixed configuration, "
                + "keeping the best checkpoint on a validation split."
        )
        {
            train,
            trainLabels,
            test,
            testLabels,
        };
        options.AddTo(command);
        columns.AddTo(command);
        command.SetAction(parse => Run(parse, output =>
            {
                var trainFiles = SeriesFiles.Of(parse, train, trainLabels, columns)!;
                var testFiles = SeriesFiles.Of(parse, test, testLabels, columns);
                if (!options.FixesTheConfiguration(parse))
                    return Search(parse, output, options, columns, trainFiles, testFiles);
                var trainData = trainFiles.Read(parse, columns);
                var testData = testFiles?.Read(parse, columns);
                return options.Run(parse, output, trainData, testData);
            }));
        return command;
    }

    // The default train command: the search chooses and trains on the training file alone; the test file is read
    // only once the final model exists. Under mpirun every rank runs the search and every model trains
    // data-parallel; rank 0 decides, prints and writes.
    private static int Search(
        ParseResult parse,
        TextWriter output,
        ClassifierTrainingOptions options,
        SeriesTableOptions columns,
        SeriesFiles trainFiles,
        SeriesFiles? testFiles
    )
    {
        var world = DistributedOption.Join(parse, options.Distributed);
        var shown = world is { Rank: > 0 } ? TextWriter.Null : output;
        return DistributedOption.Run(
            parse,
            world,
            () => Search(parse, shown, options, columns, trainFiles, testFiles, world)
        );
    }

    private static int Search(
        ParseResult parse,
        TextWriter output,
        ClassifierTrainingOptions options,
        SeriesTableOptions columns,
        SeriesFiles trainFiles,
        SeriesFiles? testFiles,
        MpiWorld? world
    )
    {
        var train = trainFiles.Read(parse, columns);
        if (testFiles?.Missing() is string missing)
            throw new FileNotFoundException($"{missing}: the test file does not exist.", missing);
        double minutes = parse.GetValue(options.Training.MaxMinutes) ?? DefaultSearchMinutes;
        if (!(minutes > 0))
            throw new ArgumentException($"--max-minutes must be positive; got {minutes}.");
        string directory = parse.GetValue(options.Training.Out)!;
        var search = new ClassifierSearch(
            train,
            new ClassifierSearchOptions
            {
                Seed = parse.GetValue(options.Training.Seed),
                MaxDuration = TimeSpan.FromMinutes(minutes),
                Directory = directory,
                Log = output.WriteLine,
                World = world,
            }
        );
        if (world is not null)
            output.WriteLine(
                $"ranks={world.Size}: data-parallel over Open MPI, {search.BatchSize / world.Size} of the "
                    + $"{search.BatchSize} series of each batch on each rank, gradients averaged every step; rank 0 "
                    + "decides"
            );
        var result = search.Run();
        if (world is { Rank: > 0 })
            return 0;

        ConfusionMatrix? testMatrix = null;
        if (testFiles is not null)
        {
            var test = testFiles.Read(parse, columns);
            ClassifierInput.EnsureObserved(test);
            testMatrix = result.Ensemble.Evaluate(test);
            output.WriteLine();
            output.WriteLine(
                $"confusion matrix on {test.Source}, the {result.Ensemble.Members.Count} fold models' "
                    + "probabilities averaged (rows: true class, columns: predicted):"
            );
            output.Write(testMatrix.ToString());
        }
        output.WriteLine();
        ResultLines.Write(
            output,
            [
                ("candidates", result.Candidates.Count),
                ("chosen", result.Chosen),
                ("configuration", result.ChosenCandidate.Describe()),
                ("folds", result.Folds),
                ("cv_accuracy", result.Final.Accuracy),
                ("cv_loss", result.Final.Loss),
                (
                    "partner",
                    result.PartnerIndex is { } partner ? ClassifierSearchResult.CandidateName(partner) : "none"
                ),
                ("seeds", result.Seeds),
                ("ensemble_cv_accuracy", result.EnsembleScore?.Accuracy ?? result.Final.Accuracy),
                ("ensemble_cv_loss", result.EnsembleScore?.Loss ?? result.Final.Loss),
                ("cut_short", result.CutShort),
                .. world is null ? [] : new (string, object?)[] { ("ranks", world.Size) },
                ("elapsed_s", result.Elapsed.TotalSeconds),
                ("search", Path.Combine(directory, "search.json")),
                ("checkpoint", directory),
                .. testMatrix is null ? [] : new (string, object?)[] { ("test_accuracy", testMatrix.Accuracy) },
            ]
        );
        return 0;
    }

    private static Command CreateMnist()
    {
        var dataDirectory = new DataDirectoryOption("mnist/");
        var trainImages = new Option<string>("--train-images")
        {
            Description = "Training images (IDX, gzip or not), relative to the data directory.",
            DefaultValueFactory = _ => "mnist/train-images-idx3-ubyte-first10k.gz",
        };
        var trainLabels = new Option<string>("--train-labels")
        {
            Description = "Training labels (IDX).",
            DefaultValueFactory = _ => "mnist/train-labels-idx1-ubyte-first10k.gz",
        };
        var testImages = new Option<string>("--test-images")
        {
            Description = "Test images (IDX).",
            DefaultValueFactory = _ => "mnist/t10k-images-idx3-ubyte.gz",
        };
        var testLabels = new Option<string>("--test-labels")
        {
            Description = "Test labels (IDX).",
            DefaultValueFactory = _ => "mnist/t10k-labels-idx1-ubyte.gz",
        };
        var trainCount = new Option<int?>("--train-count") { Description = "Use only the first N training images." };
        var testCount = new Option<int?>("--test-count") { Description = "Use only the first N test images." };
        var options = new ClassifierTrainingOptions(
            "runs/mnist",
            defaultEpochs: 20,
            defaultHidden: 128,
            defaultBatchSize: 64,
            defaultScaling: "minmax",
            defaultShift: 2
        );
        var command = new Command(
            "mnist",
            "Row-by-row MNIST: each image is 28 steps of 28 pixels; train on the IDX training files and report test "
                + "accuracy."
        )
        {
            dataDirectory.Option,
            trainImages,
            trainLabels,
            testImages,
            testLabels,
            trainCount,
            testCount,
            new OldSpelling<string?>(dataDirectory.Option, "--data"),
        };
        options.AddTo(command);
        command.SetAction(parse => Run(parse, output =>
            {
                string Resolve(Option<string> file) => dataDirectory.File(parse, parse.GetValue(file)!);
                var train = First(
                    SequentialMnist.Load(Resolve(trainImages), Resolve(trainLabels)),
                    parse.GetValue(trainCount)
                );
                var test = First(
                    SequentialMnist.Load(Resolve(testImages), Resolve(testLabels)),
                    parse.GetValue(testCount)
                );
                return options.Run(parse, output, train, test);
            }));
        return command;
    }

    private static Command CreatePredict()
    {
        var model = new Option<FileInfo>("--model")
        {
            Description =
                "A classifier checkpoint (best.safetensors of a training run), or the --out directory of a run with "
                    + "--folds, whose fold models' probabilities are averaged.",
            Required = true,
        };
        // Not Required to the parser: the previous release's --data may give it instead.
        var file = new Option<FileInfo[]>("--file")
        {
            Description = "The series to label, in any format train reads (.ts, ARFF, the UCR archive's text, a "
                + "table with a header line, a folder), with the model's channels; their classes may be left out; "
                + "or files of values only, one series per line, given once per channel (required).",
        };
        var command = new Command(
            "predict",
            "Label the series of a file or a folder with a trained classifier; prints one line per series (its line "
                + "or file, label, probability), and the accuracy when the labels are known to the model."
        )
        {
            model,
            file,
            new OldSpelling<FileInfo[]>(file, "--data"),
        };
        var columns = new SeriesTableOptions();
        columns.AddTo(command);
        command.SetAction(parse => Run(parse, output =>
            {
                var files = parse.GetValue(file) is { Length: > 0 } given
                    ? new SeriesFiles([.. given.Select(f => f.FullName)], null, file.Name, "")
                    : throw new ArgumentException("Give --file, the file of the series to label.");
                var ensemble = ClassifierEnsemble.Load(parse.GetValue(model)!.FullName);
                var series = files.Read(parse, columns, requireLabels: false);
                var probabilities = ensemble.PredictProbabilities(series);
                var labels = ensemble.Labels;
                int classes = labels.Count,
                    correct = 0;
                bool labelsKnown = series.Labels.All(l => labels.TryGetIndex(l, out _));
                // Series of a folder are named by their files; those of one file by their lines (by their number in
                // an array).
                bool inFiles = series.Count > 0 && series.CaseName(0) is not null;
                output.WriteLine($"{(inFiles ? "file" : series.RecordKind)},predicted,probability");
                for (int i = 0; i < series.Count; i++)
                {
                    var row = probabilities.AsSpan(i * classes, classes);
                    int best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
                    if (labels[best] == series.Labels[i])
                        correct++;
                    string where = inFiles
                        ? Quoted(series.CaseName(i)!)
                        : series.SourceLine(i).ToString(CultureInfo.InvariantCulture);
                    output.WriteLine(
                        string.Create(CultureInfo.InvariantCulture, $"{where},{labels[best]},{row[best]:F4}")
                    );
                }
                var results = new List<(string, object?)> { ("series", series.Count) };
                if (labelsKnown)
                    results.Add(("accuracy", (double)correct / series.Count));
                ResultLines.Write(output, results);
                return 0;
            }));
        return command;
    }

    // Data errors (a malformed line, an unknown label, the wrong number of channels) name the file and line in their
    // message; they are the user's to fix, so they get the same one-line treatment as a missing file.
    private static int Run(ParseResult parse, Func<TextWriter, int> body) => CommandRunner.Run(parse, output =>
        {
            try
            {
                return body(output);
            }
            catch (Exception e) when (e is FormatException or InvalidDataException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return CommandRunner.UserError;
            }
        });

    // A field of the predictions' CSV: quoted when a path holds a comma or a quote (RFC 4180).
    private static string Quoted(string field) =>
        field.Contains(',') || field.Contains('"') ? $"\"{field.Replace("\"", "\"\"")}\"" : field;

    private static TimeSeriesDataset First(TimeSeriesDataset data, int? count)
    {
        if (count is not { } n || n >= data.Count)
            return data;
        if (n < 1)
            throw new ArgumentException($"--train-count and --test-count must be positive; got {n}.");
        return data.Select(Enumerable.Range(0, n));
    }
}
