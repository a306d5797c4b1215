using Recurrent.Cli.Console;
using Recurrent.Cli.Plots;
using Recurrent.Datasets;
using Recurrent.Models.Classification;
using Recurrent.Models.Drawing;
using System.CommandLine;
using System.Globalization;

namespace Recurrent.Cli.Commands;

/// <summary>
/// Legibility measured by a reader: <c>draw judge-train</c> trains a <see cref="SequenceClassifier"/> on the real
/// drawings of the training writers and tests it on the held-out writers; <c>draw legibility</c> has a drawing model
/// write many samples of each character and reports the share the classifier reads as the requested character.
/// </summary>
public static class DrawLegibilityCommand
{
    /// <summary>
    /// The <c>--split-seed</c> option: the writer split, which the drawing model and the judge must share.
    /// </summary>
    public static Option<ulong> SplitSeedOption() =>
        new("--split-seed")
        {
            Description = "Seed of the writer-disjoint split (use the same for draw train and judge-train).",
            DefaultValueFactory = _ => SeedOption.Default,
        };

    /// <summary>Creates <c>draw judge-train</c>.</summary>
    public static Command CreateJudgeTrain()
    {
        var data = DrawCommand.DatasetOption(StrokeCorpus.UnipenDigits.Name);
        var dataDir = DrawCommand.DataDirectoryOption();
        var simplify = new Option<float>("--simplify")
        {
            Description = "Stroke simplification tolerance (use the drawing model's).",
            DefaultValueFactory = _ => 0.02f,
        };
        var splitSeed = SplitSeedOption();
        var valFraction = new Option<double>("--writer-val-fraction")
        {
            Description =
                "Share of the drawings (whole writers) in the drawing model's validation part, left out here too.",
            DefaultValueFactory = _ => 0.1,
        };
        var testFraction = new Option<double>("--test-fraction")
        {
            Description = "Share of the drawings (whole writers) held out for the test.",
            DefaultValueFactory = _ => 0.1,
        };
        var augment = new Option<int>("--augment")
        {
            Description = "Add this many randomly distorted copies (scale, shear, rotation) of every training drawing.",
            DefaultValueFactory = _ => 0,
        };
        var distortion = new Option<float>("--distortion")
        {
            Description =
                "The size of the distortions: relative scale and shear, and rotation in radians, each up to this.",
            DefaultValueFactory = _ => 0.15f,
        };
        var options = new ClassifierTrainingOptions(
            "runs/draw-judge",
            defaultEpochs: 15,
            defaultHidden: 64,
            defaultBatchSize: 32
        );
        var command = new Command(
            "judge-train",
            "Train a sequence classifier on the real drawings of the training writers (the judge of legibility) and "
                + "report its accuracy on held-out writers (test_accuracy)."
        )
        {
            data,
            dataDir.Option,
            simplify,
            splitSeed,
            valFraction,
            testFraction,
            augment,
            distortion,
            new OldSpelling<string>(data, "--data"),
        };
        options.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse, output =>
            {
                var corpus = StrokeCorpus.Find(parse.GetValue(data)!);
                if (corpus.Labels.Length == 0)
                    throw new ArgumentException(
                        $"{corpus.Name} has no labels to classify; use a UNIPEN or Hershey dataset."
                    );
                var dataset = DrawingDataset.Load(
                    corpus,
                    dataDir.Locator(parse),
                    parse.GetValue(simplify),
                    parse.GetValue(valFraction),
                    parse.GetValue(testFraction),
                    parse.GetValue(splitSeed)
                );
                int copies = parse.GetValue(augment);
                if (copies < 0)
                    throw new ArgumentException($"--augment must be 0 or more; got {copies}.");
                var rng = new Tensors.RandomGenerator(parse.GetValue(splitSeed) ^ 0xD157027UL);
                var train = dataset
                    .Train.Concat(
                        Enumerable
                            .Range(0, copies)
                            .SelectMany(_ =>
                                dataset.Train.Select(d => StrokeDistortion.Distort(d, parse.GetValue(distortion), rng))
                            )
                    )
                    .ToList();
                output.WriteLine(
                    $"{corpus.Name}: judge trained on {dataset.Train.Count} drawings of the training writers "
                        + $"({train.Count} with distorted copies), "
                        + $"tested on {dataset.Test.Count} drawings of "
                            + $"{dataset.Test.Select(d => d.Writer).Distinct().Count()} held-out writers"
                );
                return options.Run(
                    parse,
                    output,
                    DrawingDataset.ToSeries(train, $"{corpus.Name} (training writers)"),
                    DrawingDataset.ToSeries(dataset.Test, $"{corpus.Name} (held-out writers)")
                );
            }));
        return command;
    }

    /// <summary>Creates <c>draw legibility</c>.</summary>
    public static Command CreateLegibility()
    {
        var model = DrawCommand.ModelsOption();
        var classifier = new Option<FileInfo>("--classifier")
        {
            Description = "The judge: a classifier checkpoint from draw judge-train.",
            Required = true,
        };
        var perClass = new Option<int>("--per-class")
        {
            Description = "Drawings generated per character.",
            DefaultValueFactory = _ => 100,
        };
        var (bias, temperature, seed) = DrawSampleCommand.SamplingOptions();
        var picture = new Option<string?>("--picture")
        {
            Description = "Also draw the first ten samples of each character into this .svg or .png.",
        };
        var command = new Command(
            "legibility",
            "Generate drawings of every character and report the share the judge classifier recognises as the "
                + "requested character (legibility)."
        )
        {
            model,
            classifier,
            perClass,
            bias,
            temperature,
            seed,
            picture,
        };
        command.SetAction(parse => CommandRunner.Run(parse, output =>
            {
                var drawingModel = DrawCommand.LoadModels(parse, model);
                var judge = SequenceClassifier.Load(parse.GetValue(classifier)!.FullName);
                var config = drawingModel.Config;
                if (!config.Conditional)
                    throw new ArgumentException(
                        "Legibility needs a conditional model (one that draws a requested character)."
                    );
                // A model trained with --also-from draws more characters than its dataset's judge knows; the judge
                // reads those it was trained on.
                var judged = Enumerable
                    .Range(0, config.Labels.Length)
                    .Where(l => judge.Config.Labels.TryGetIndex(config.Labels[l].ToString(), out _))
                    .ToArray();
                if (judged.Length == 0)
                    throw new ArgumentException(
                        $"The classifier knows none of the characters '{config.Labels}' that the model draws; train "
                            + $"the judge on {config.Dataset}."
                    );
                if (judged.Length < config.Labels.Length)
                    output.WriteLine(
                        $"judging the {judged.Length} of the model's {config.Labels.Length} characters that the "
                            + $"classifier knows: {string.Concat(judged.Select(l => config.Labels[l]))}"
                    );
                int n = parse.GetValue(perClass);
                if (n < 1)
                    throw new ArgumentException($"--per-class must be positive; got {n}.");
                var labels = judged.SelectMany(l => Enumerable.Repeat(l, n)).ToArray();
                var drawings = new DrawingSampler(drawingModel).Sample(
                    labels,
                    DrawSampleCommand.Bias(parse, bias),
                    DrawSampleCommand.Temperature(parse, temperature),
                    parse.GetValue(seed)
                );
                var series = DrawingDataset.ToSeries(drawings, "generated drawings");
                var predicted = judge.Predict(ClassifierInput.Prepare(series, judge.Config));
                var actual = series.LabelIndices(judge.Config.Labels);
                var matrix = new ConfusionMatrix(judge.Config.Labels, actual, predicted);
                output.WriteLine(
                    $"{drawings.Count} generated drawings, {n} per character; rows: requested character, columns: read "
                        + $"as"
                );
                output.Write(matrix.ToString());
                output.WriteLine();
                var c = CultureInfo.InvariantCulture;
                foreach (char ch in judged.Select(l => config.Labels[l]))
                {
                    int index = judge.Config.Labels.IndexOf(ch.ToString());
                    int right = Enumerable
                        .Range(0, actual.Length)
                        .Count(i => actual[i] == index && predicted[i] == index);
                    output.WriteLine(string.Create(c, $"{ch}: {right}/{n} recognised"));
                }
                var results = new List<(string, object?)>
                {
                    ("drawings", drawings.Count),
                    ("mean_points", drawings.Average(d => d.Length)),
                };
                if (parse.GetValue(picture) is { } path)
                {
                    DrawingPicture.Write(
                        path,
                        Enumerable
                            .Range(0, judged.Length)
                            .Select(l =>
                                (IReadOnlyList<StrokeSequence>)drawings.Skip(l * n).Take(Math.Min(10, n)).ToList()
                            )
                            .ToList()
                    );
                    results.Add(("picture", path));
                }
                results.Add(("legibility", matrix.Accuracy));
                ResultLines.Write(output, results);
                return 0;
            }));
        return command;
    }
}
