using Recurrent.Tests.Data;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.Classification;

[Collection(WallClockBudgetCollection.Name)]
public sealed class ClassifyCommandTests : IDisposable
{
    private const string Header =
        "@problemName Slopes\n@timeStamps false\n@univariate true\n@equalLength false\n@classLabel true up "
            + "down\n@data\n";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Rising or falling noisy ramps of 4 to 12 steps: separable, but only by looking at the whole series.
    internal static string Slopes(int count, int seed)
    {
        var rng = new Random(seed);
        var text = new StringBuilder(Header);
        for (int i = 0; i < count; i++)
        {
            bool up = i % 2 == 0;
            int length = rng.Next(4, 13);
            double start = rng.NextDouble() * 2 - 1;
            var values = Enumerable
                .Range(0, length)
                .Select(t =>
                    (start + (up ? 0.3 : -0.3) * t + 0.1 * (rng.NextDouble() - 0.5)).ToString(
                        "F3",
                        CultureInfo.InvariantCulture
                    )
                );
            text.Append(string.Join(',', values)).Append(':').Append(up ? "up" : "down").Append('\n');
        }
        return text.ToString();
    }

    private string[] TrainArgs(string train, string test) =>
        [
            "classify",
            "train",
            "--train",
            train,
            "--test",
            test,
            "--hidden",
            "8",
            "--max-epochs",
            "12",
            "--out",
            Path.Combine(_directory.Path, "run"),
        ];

    // Trains a fixed configuration for 2 epochs on the files and labels `file` with it: the lines predict prints.
    private string[] TrainQuicklyAndPredict(string train, string test, string file, params string[] columns) =>
        TrainQuicklyAndPredict(["--train", train, "--test", test], ["--file", file], columns);

    // The same with the sets named by `sets` (--train, --test and their labels) and the series to label by `files`.
    private string[] TrainQuicklyAndPredict(string[] sets, string[] files, string[] columns)
    {
        string run = Path.Combine(_directory.Path, "run");
        var (code, output, error) = Invoke(
            ["classify", "train", .. sets, "--hidden", "8", "--max-epochs", "2", "--out", run, .. columns]
        );
        Assert.True(code == 0, error);
        Assert.StartsWith("test_accuracy=", output.TrimEnd().Split('\n')[^1]);
        var (predictCode, predictions, predictError) = Invoke(
            ["classify", "predict", "--model", Path.Combine(run, "best.safetensors"), .. files, .. columns]
        );
        Assert.True(predictCode == 0, predictError);
        return predictions.TrimEnd().Split('\n');
    }

    [Fact]
    public void ChannelFilesOfValuesOnlyAndALabelsFileAreReadAsNumpyAndUciHarWriteThem()
    {
        // Two channels in two files, one series per line (numpy's savetxt), and the classes in a third.
        string Lines(int count, Func<int, string> line) => string.Concat(Enumerable.Range(0, count).Select(line));
        string Files(string split, int count)
        {
            string Row(int i, int channel) =>
                string.Join(' ', Enumerable.Range(0, 12).Select(t => $"{(i % 2 == 0 ? t : -t) * (channel + 1):E7}"));
            for (int c = 0; c < 2; c++)
                _directory.Write($"acc_{c}_{split}.txt", Lines(count, i => Row(i, c) + "\n"));
            return _directory.Write($"y_{split}.txt", Lines(count, i => $"{1 + i % 2}.000000000000000000e+00\n"));
        }
        string trainLabels = Files("train", 40),
            testLabels = Files("test", 20);
        string File(int c, string split) => Path.Combine(_directory.Path, $"acc_{c}_{split}.txt");
        var predictions = TrainQuicklyAndPredict(
            [
                "--train",
                File(0, "train"),
                "--train",
                File(1, "train"),
                "--train-labels",
                trainLabels,
                "--test",
                File(0, "test"),
                "--test",
                File(1, "test"),
                "--test-labels",
                testLabels,
            ],
            ["--file", File(0, "test"), "--file", File(1, "test")],
            []
        );
        Assert.Equal("line,predicted,probability", predictions[0]);
        Assert.Matches(@"^1,[12],", predictions[1]);
        // Several files of values need their classes.
        var (refused, _, refusedError) = Invoke(
            ["classify", "train", "--train", File(0, "train"), "--train", File(1, "train")]
        );
        Assert.Equal(1, refused);
        Assert.Contains("give their classes with --train-labels, one per line.", refusedError);
    }

    [Fact]
    public void NumPyArraysOfSeriesAndClassesAreReadAsKerasKeepsThem()
    {
        // X of the shape (series, 12 steps, 2 channels) and y of the shape (series,), as np.save writes them.
        string Arrays(string split, int count)
        {
            var values = Enumerable
                .Range(0, count)
                .SelectMany(i => Enumerable.Range(0, 12).SelectMany(t => new[] { i % 2 == 0 ? t : -t, 1f }));
            _directory.Write($"X_{split}.npy", NpyBytes.Of("<f4", [count, 12, 2], NpyBytes.Singles([.. values])));
            var classes = Enumerable.Range(0, count).Select(i => (long)(i % 2));
            return _directory.Write($"y_{split}.npy", NpyBytes.Of("<i8", [count], NpyBytes.Longs([.. classes])));
        }
        string trainLabels = Arrays("train", 40),
            testLabels = Arrays("test", 20),
            test = Path.Combine(_directory.Path, "X_test.npy");
        var predictions = TrainQuicklyAndPredict(
            [
                "--train",
                Path.Combine(_directory.Path, "X_train.npy"),
                "--train-labels",
                trainLabels,
                "--test",
                test,
                "--test-labels",
                testLabels,
            ],
            ["--file", test],
            []
        );
        Assert.Equal("series,predicted,probability", predictions[0]);
        Assert.Matches(@"^1,[01],", predictions[1]);
        var (refused, _, refusedError) = Invoke(["classify", "train", "--train", test]);
        Assert.Equal(1, refused);
        Assert.Contains("a NumPy array holds the series, not their classes", refusedError);
    }

    [Fact]
    public void QuickTrainingLearnsAndPredictLabelsNewSeries()
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(80, 1));
        string test = _directory.Write("slopes_TEST.ts", Slopes(40, 2));

        var (code, output, error) = Invoke(TrainArgs(train, test));

        Assert.True(code == 0, error);
        var lines = output.TrimEnd().Split('\n');
        Assert.StartsWith("test_accuracy=", lines[^1]);
        Assert.Contains("true\\pred", output);
        double accuracy = double.Parse(lines[^1]["test_accuracy=".Length..], CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.9, $"test accuracy {accuracy} after a quick training on separable slopes\n{output}");

        var (predictCode, predictions, predictError) = Invoke(
            "classify",
            "predict",
            "--model",
            Path.Combine(_directory.Path, "run", "best.safetensors"),
            "--file",
            test
        );
        Assert.True(predictCode == 0, predictError);
        var predicted = predictions.TrimEnd().Split('\n');
        Assert.Equal("line,predicted,probability", predicted[0]);
        Assert.StartsWith("7,", predicted[1]);
        Assert.Equal(FormattableString.Invariant($"accuracy={accuracy:G6}"), predicted[^1]);
    }

    [Theory]
    [InlineData("tsv")]
    [InlineData("arff")]
    [InlineData("csv")]
    public void TheArchivesTsvAndArffFilesAndTablesTrainAndPredictLikeTsFiles(string format)
    {
        // The 2018 archive's own format: no header, the label then the values, tab-separated. Its ARFF files: one
        // numeric attribute per step, the shorter series padded with '?', the class last. A table as pandas writes
        // it: a header line, the label column last, empty cells after a shorter series.
        string Converted(string ts)
        {
            var cases = ts.Split('\n')
                .Where(line => line.Contains(':', StringComparison.Ordinal))
                .Select(line => line.Split(':'))
                .Select(parts => (Values: parts[0].Split(','), Label: parts[1]))
                .ToList();
            if (format == "tsv")
                return string.Concat(cases.Select(c => c.Label + "\t" + string.Join('\t', c.Values) + "\n"));
            int steps = cases.Max(c => c.Values.Length);
            if (format == "csv")
                return string.Join(',', Enumerable.Range(0, steps)) + ",label\n"
                    + string.Concat(
                        cases.Select(c =>
                            string.Join(',', c.Values.Concat(Enumerable.Repeat("", steps - c.Values.Length)))
                            + ","
                            + c.Label
                            + "\n"
                        )
                    );
            return "@relation slopes\n"
                + string.Concat(Enumerable.Range(0, steps).Select(t => $"@attribute att{t} numeric\n"))
                + "@attribute target {up,down}\n@data\n"
                + string.Concat(
                    cases.Select(c =>
                        string.Join(',', c.Values.Concat(Enumerable.Repeat("?", steps - c.Values.Length)))
                        + ","
                        + c.Label
                        + "\n"
                    )
                );
        }
        string train = _directory.Write($"slopes_TRAIN.{format}", Converted(Slopes(24, 9)));
        string test = _directory.Write($"slopes_TEST.{format}", Converted(Slopes(10, 10)));

        var predicted = TrainQuicklyAndPredict(train, test, test);
        Assert.Equal("line,predicted,probability", predicted[0]);
        // Each prediction names the line of its case: after the header in an ARFF file or a table.
        int header = format switch
        {
            "arff" => File.ReadLines(test).TakeWhile(line => line != "@data").Count() + 1,
            "csv" => 1,
            _ => 0,
        };
        Assert.StartsWith($"{header + 1},", predicted[1]);
        Assert.StartsWith($"{header + 10},", predicted[10]);
        Assert.StartsWith("accuracy=", predicted[^1]);
    }

    [Fact]
    public void FoldersOfOneFilePerSeriesTrainAndPredictNamingTheFiles()
    {
        // Each slope as its own file, a step per line, in a folder named by its class.
        void WriteFolder(string folder, string ts, bool labelled)
        {
            var cases = ts.Split('\n').Where(line => line.Contains(':', StringComparison.Ordinal)).ToArray();
            for (int i = 0; i < cases.Length; i++)
            {
                var parts = cases[i].Split(':');
                string file = labelled ? $"{folder}/{parts[1]}/{i:000}.csv" : $"{folder}/{i:000}.csv";
                _directory.Write(file, "value\n" + string.Join('\n', parts[0].Split(',')) + "\n");
            }
        }
        WriteFolder("train", Slopes(24, 9), labelled: true);
        WriteFolder("test", Slopes(10, 10), labelled: true);
        WriteFolder("new", Slopes(3, 11), labelled: false);
        string train = Path.Combine(_directory.Path, "train"),
            test = Path.Combine(_directory.Path, "test");

        var predicted = TrainQuicklyAndPredict(train, test, Path.Combine(_directory.Path, "new"));
        Assert.Equal("file,predicted,probability", predicted[0]);
        Assert.StartsWith($"{Path.Combine(_directory.Path, "new", "002.csv")},", predicted[3]);
        Assert.Equal("series=3", predicted[^1]);
    }

    [Fact]
    public void ATablesClassColumnMayBeNamedOnTheCommandLine()
    {
        // Slopes as a table of one step per row, the series and class columns called otherwise.
        string Tall(string ts) =>
            "recording,step,value,direction\n"
            + string.Concat(
                ts.Split('\n')
                    .Where(line => line.Contains(':', StringComparison.Ordinal))
                    .Select((line, i) => (Values: line.Split(':')[0].Split(','), Label: line.Split(':')[1], Id: i))
                    .SelectMany(c => c.Values.Select((v, t) => $"r{c.Id},{t},{v},{c.Label}\n"))
            );
        string train = _directory.Write("tall_TRAIN.csv", Tall(Slopes(24, 9)));
        string test = _directory.Write("tall_TEST.csv", Tall(Slopes(10, 10)));
        string run = Path.Combine(_directory.Path, "run");
        string[] columns = ["--label-column", "direction", "--id-column", "recording"];

        var (missingCode, _, missing) = Invoke([.. TrainArgs(train, test)[..^4], "--max-epochs", "2", "--out", run]);
        Assert.Equal(1, missingCode);
        Assert.Contains("--label-column NAME); the columns holding text are 'recording', 'direction'", missing);
        var predicted = TrainQuicklyAndPredict(train, test, test, columns);
        Assert.Equal("line,predicted,probability", predicted[0]);
        Assert.Equal("series=10", predicted[^2]);
        Assert.StartsWith("accuracy=", predicted[^1]);
    }

    [Fact]
    public void ConvolutionFiltersReachTheCheckpoint()
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(24, 5));
        string test = _directory.Write("slopes_TEST.ts", Slopes(10, 6));

        string run = Path.Combine(_directory.Path, "run");
        var (code, output, error) = Invoke([
            .. TrainArgs(train, test)[..^4],
            "--max-epochs",
            "2",
            "--conv-filters",
            "4",
            "--out",
            run,
        ]);

        Assert.True(code == 0, error);
        Assert.StartsWith("test_accuracy=", output.TrimEnd().Split('\n')[^1]);
        var checkpoint = Recurrent.IO.SafeTensorsFile.Read(Path.Combine(run, "best.safetensors"));
        Assert.Equal("4", checkpoint.Metadata["conv_filters"]);
        Assert.True(checkpoint.Contains("bn.2.running_var"));
        var (bad, _, message) = Invoke([.. TrainArgs(train, test), "--conv-filters", "-1"]);
        Assert.NotEqual(0, bad);
        Assert.Contains("--conv-filters", message);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void EveryCellTrainsAndItsCheckpointExportsToOnnx(string cell)
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(24, 5));
        string test = _directory.Write("slopes_TEST.ts", Slopes(10, 6));
        string run = Path.Combine(_directory.Path, "run");

        var (code, output, error) = Invoke([
            .. TrainArgs(train, test)[..^4],
            "--max-epochs",
            "2",
            "--cell",
            cell,
            "--out",
            run,
        ]);

        Assert.True(code == 0, error);
        Assert.StartsWith("test_accuracy=", output.TrimEnd().Split('\n')[^1]);
        string checkpoint = Path.Combine(run, "best.safetensors");
        Assert.Equal(cell, Recurrent.IO.SafeTensorsFile.Read(checkpoint).Metadata["cell"]);
        var (exportCode, _, exportError) = Invoke("export", "--model", checkpoint, "--out", run);
        Assert.True(exportCode == 0, exportError);
        Assert.True(File.Exists(Path.Combine(run, "best.onnx")), string.Join(", ", Directory.GetFiles(run)));
    }

    [Fact]
    public void AnUnknownCellNamesTheChoices()
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(24, 5));
        var (code, _, error) = Invoke([.. TrainArgs(train, train), "--cell", "transformer"]);
        Assert.NotEqual(0, code);
        Assert.Contains("lstm", error);
        Assert.Contains("rnn", error);
    }

    [Fact]
    public void CrossValidatedTrainingSavesOneModelPerFoldAndPredictAveragesThem()
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(30, 3));
        string test = _directory.Write("slopes_TEST.ts", Slopes(20, 4));
        string run = Path.Combine(_directory.Path, "run");

        var (code, output, error) = Invoke([
            .. TrainArgs(train, test)[..^4],
            "--max-epochs",
            "3",
            "--folds",
            "3",
            "--out",
            run,
        ]);

        Assert.True(code == 0, error);
        var lines = output.TrimEnd().Split('\n');
        Assert.StartsWith("test_accuracy=", lines[^1]);
        for (int k = 1; k <= 3; k++)
        {
            Assert.Contains($"fold {k}/3: train 20 series, validation 10, test 20;", output);
            Assert.Contains($"fold {k}/3: val_accuracy=", output);
            Assert.True(
                File.Exists(Path.Combine(run, $"fold-{k}", "best.safetensors")),
                $"no best checkpoint for fold {k}"
            );
        }
        Assert.Contains("the 3 fold models' probabilities averaged", output);
        var foldAccuracies = lines
            .Where(l =>
                l.StartsWith("fold ", StringComparison.Ordinal) && l.Contains("val_accuracy=", StringComparison.Ordinal)
            )
            .Select(l =>
                double.Parse(
                    l.Split(' ').Single(w => w.StartsWith("val_accuracy=", StringComparison.Ordinal))[
                        "val_accuracy=".Length..
                    ],
                    CultureInfo.InvariantCulture
                )
            )
            .ToArray();
        double cv = double.Parse(
            lines.Single(l => l.StartsWith("cv_accuracy=", StringComparison.Ordinal))["cv_accuracy=".Length..],
            CultureInfo.InvariantCulture
        );
        Assert.Equal(foldAccuracies.Average(), cv, 1e-5);

        var (predictCode, predictions, predictError) = Invoke("classify", "predict", "--model", run, "--file", test);
        Assert.True(predictCode == 0, predictError);
        Assert.Equal(lines[^1]["test_".Length..], predictions.TrimEnd().Split('\n')[^1]);
    }

    [Theory]
    [InlineData("0", "error: --folds must be at least 1")]
    [InlineData("41", "error: --folds 41 needs at least 41 training series;")]
    public void ABadFoldCountIsAClearError(string folds, string message)
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(40, 5));

        var (code, output, error) = Invoke([.. TrainArgs(train, train), "--folds", folds]);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith(message, error);
    }

    [Fact]
    public void FoldsAndAValidationFractionAreAClearError()
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(40, 5));

        var (code, _, error) = Invoke([.. TrainArgs(train, train), "--folds", "4", "--val-fraction", "0.3"]);

        Assert.Equal(1, code);
        Assert.StartsWith("error: --val-fraction does not apply with --folds 4", error);
    }

    [Fact]
    public void MalformedLineIsAnErrorNamingFileAndLine()
    {
        string train = _directory.Write("bad_TRAIN.ts", Header + "1,2,3:up\n1,2,x,4:down\n");
        string test = _directory.Write("ok_TEST.ts", Header + "1,2,3:up\n");

        var (code, output, error) = Invoke(TrainArgs(train, test));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith($"error: {train}:8:", error);
        Assert.Contains("'x'", error);
    }

    [Fact]
    public void LabelNotSeenInTrainingIsAnErrorNamingFileAndLine()
    {
        const string undeclared = "@problemName Slopes\n@univariate true\n@classLabel true\n@data\n";
        string train = _directory.Write("two_TRAIN.ts", undeclared + "1,2,3:up\n3,2,1:down\n");
        string test = _directory.Write("three_TEST.ts", undeclared + "1,2,3:up\n2,2,2:flat\n");

        var (code, _, error) = Invoke(TrainArgs(train, test));

        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains($"{test}, line 6", error);
        Assert.Contains("'flat'", error);
    }

    [Fact]
    public void WrongNumberOfChannelsIsAnErrorNamingFileAndLine()
    {
        string train = _directory.Write("uni_TRAIN.ts", Header + "1,2,3:up\n3,2,1:down\n");
        string test = _directory.Write(
            "bi_TEST.ts",
            "@dimensions 2\n@classLabel true up down\n@data\n1,2,3:3,2,1:up\n"
        );
        string mixed = _directory.Write("mixed_TRAIN.ts", "@classLabel true up down\n@data\n1,2,3:up\n1,2:3,4:down\n");

        var (code, _, error) = Invoke(TrainArgs(train, test));
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {test}, line 4: ", error);
        Assert.Contains("2 channel(s), but the model expects 1", error);

        var (mixedCode, _, mixedError) = Invoke(TrainArgs(mixed, test));
        Assert.Equal(1, mixedCode);
        Assert.StartsWith($"error: {mixed}:4:", mixedError);
        Assert.Contains("2 dimension(s)", mixedError);
    }

    [Fact]
    public void WithoutModelOptionsTrainSearchesAndReadsTheTestFileOnlyAtTheEnd()
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(24, 6));
        string test = _directory.Write("bad_TEST.ts", Header + "1,2,x:up\n");
        string run = Path.Combine(_directory.Path, "run");

        var (code, output, error) = Invoke(
            "classify",
            "train",
            "--train",
            train,
            "--test",
            test,
            "--out",
            run,
            "--max-minutes",
            "0.03",
            "--seed",
            "3"
        );

        Assert.Equal(1, code);
        Assert.StartsWith($"error: {test}:7:", error);
        Assert.Contains("search on " + train, output);
        Assert.Contains("chosen: c", output);
        Assert.True(File.Exists(Path.Combine(run, "search.json")), "the search ended before the test file was read");
        Assert.True(File.Exists(Path.Combine(run, "fold-5", "best.safetensors")));
    }

    [Fact]
    public void TheSearchedModelIsTestedLastAndPredictsFromItsDirectory()
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(24, 7));
        string test = _directory.Write("slopes_TEST.ts", Slopes(20, 8));
        string run = Path.Combine(_directory.Path, "run");

        var (code, output, error) = Invoke(
            "classify",
            "train",
            "--train",
            train,
            "--test",
            test,
            "--out",
            run,
            "--max-minutes",
            "0.03"
        );

        Assert.True(code == 0, error);
        var lines = output.TrimEnd().Split('\n');
        Assert.StartsWith("test_accuracy=", lines[^1]);
        // The 5 fold models, each with as many seeds as the budget left room for, which depends on the machine.
        var averaged = Regex.Match(output, @"the (\d+) fold models' probabilities averaged");
        Assert.True(averaged.Success, output);
        Assert.Equal(0, int.Parse(averaged.Groups[1].Value, CultureInfo.InvariantCulture) % 5);
        Assert.Contains(lines, l => l.StartsWith("configuration=cell=", StringComparison.Ordinal));
        Assert.Contains("cut_short=true", output);
        var (predictCode, predictions, predictError) = Invoke("classify", "predict", "--model", run, "--file", test);
        Assert.True(predictCode == 0, predictError);
        Assert.Equal(lines[^1]["test_".Length..], predictions.TrimEnd().Split('\n')[^1]);

        // New series come without their classes: a .ts file of '@classLabel false', and a table with a header line.
        var testLines = File.ReadAllLines(test);
        int data = Array.IndexOf(testLines, "@data");
        string unlabelledTs = _directory.Write(
            "slopes_NEW.ts",
            string.Join(
                '\n',
                testLines.Select((l, i) =>
                    l.StartsWith("@classLabel", StringComparison.Ordinal) ? "@classLabel false"
                    : i > data ? l[..l.LastIndexOf(':')]
                    : l
                )
            )
        );
        string table = _directory.Write(
            "slopes_NEW.csv",
            "id,step,value\n"
                + string.Concat(
                    testLines
                        .Skip(data + 1)
                        .SelectMany((l, i) => l[..l.LastIndexOf(':')].Split(',').Select((v, t) => $"{i},{t},{v}\n"))
                )
        );
        var labelled = predictions.Split('\n').Where(l => l.Contains(',', StringComparison.Ordinal)).ToArray();
        foreach (string unlabelled in new[] { unlabelledTs, table })
        {
            var (newCode, newPredictions, newError) = Invoke(
                "classify",
                "predict",
                "--model",
                run,
                "--file",
                unlabelled
            );
            Assert.True(newCode == 0, newError);
            Assert.DoesNotContain("accuracy=", newPredictions);
            var predicted = newPredictions.Split('\n').Where(l => l.Contains(',', StringComparison.Ordinal));
            // The same labels and probabilities; the table names each series by its first row's line.
            Assert.Equal(labelled.Select(l => l[l.IndexOf(',')..]), predicted.Select(l => l[l.IndexOf(',')..]));
        }
    }

    [Fact]
    public void WithoutATestFileTrainingReportsTheValidationAccuracyAlone()
    {
        string train = _directory.Write("slopes_TRAIN.ts", Slopes(24, 7));
        string run = Path.Combine(_directory.Path, "run");

        var (code, output, error) = Invoke(
            "classify",
            "train",
            "--train",
            train,
            "--out",
            run,
            "--max-minutes",
            "0.02"
        );

        Assert.True(code == 0, error);
        Assert.Contains("\ncv_accuracy=", output);
        Assert.DoesNotContain("test_accuracy", output);
        Assert.StartsWith("checkpoint=", output.TrimEnd().Split('\n')[^1]);
        Assert.True(File.Exists(Path.Combine(run, "fold-1", "best.safetensors")));

        string fixedRun = Path.Combine(_directory.Path, "fixed");
        var (fixedCode, fixedOutput, fixedError) = Invoke(
            "classify",
            "train",
            "--train",
            train,
            "--hidden",
            "4",
            "--max-epochs",
            "2",
            "--out",
            fixedRun
        );
        Assert.True(fixedCode == 0, fixedError);
        Assert.Contains("test 0;", fixedOutput);
        Assert.StartsWith("val_accuracy=", fixedOutput.TrimEnd().Split('\n')[^1]);
        Assert.DoesNotContain("confusion matrix", fixedOutput);
    }

    [Fact]
    public void TheSearchRefusesATrainingFileWithOneSeriesOfAClass()
    {
        string train = _directory.Write(
            "odd_TRAIN.ts",
            Header.Replace("up down", "up down flat", StringComparison.Ordinal)
                + "1,2,3:up\n3,2,1:down\n1,2,4:up\n4,2,1:down\n2,2,2:flat\n"
        );

        var (code, output, error) = Invoke(
            "classify",
            "train",
            "--train",
            train,
            "--test",
            train,
            "--out",
            Path.Combine(_directory.Path, "run")
        );

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith($"error: {train}, line 11: the series is the only one of the class 'flat'", error);
    }
}
