using Recurrent.Cli.Console;
using Recurrent.Cli.Plots;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Models.Drawing;
using Recurrent.Training;
using System.CommandLine;
using System.Globalization;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent draw train</c>: trains a <see cref="DrawingModel"/> on a stroke dataset, keeps the checkpoint with
/// the best validation loss, and reports the held-out negative log-likelihood per point (<c>val_nll_per_point</c>,
/// and <c>test_nll_per_point</c> on the test writers) and a picture of samples.
/// </summary>
public static class DrawTrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = DrawCommand.DatasetOption(StrokeCorpus.UnipenDigits.Name);
        var dataDir = DrawCommand.DataDirectoryOption();
        var mixtures = new Option<int>("--mixtures")
        {
            Description = "Bivariate Gaussians in the output (1 gives the single-Gaussian baseline).",
            DefaultValueFactory = _ => 20,
        };
        var hidden = new Option<int>("--hidden")
        {
            Description = "Hidden size of each LSTM layer.",
            DefaultValueFactory = _ => 256,
        };
        var layers = new Option<int>("--layers")
        {
            Description = "Stacked LSTM layers (with skip connections from the input and to the output).",
            DefaultValueFactory = _ => 2,
        };
        var embedding = new Option<int>("--embedding")
        {
            Description = "Size of the learned vector of each character.",
            DefaultValueFactory = _ => 16,
        };
        // Chosen on the validation writers of UNIPEN digits (2 x 256: best validation loss -2.397 without, -2.446
        // with 0.2, -2.435 with 0.3); the test writers were read only afterwards.
        var weightDrop = WeightDropOption.Create(0.2);
        // Chosen on the validation writers (best validation loss with 0, 0.1 and 0.2: UNIPEN digits -2.632, -2.659
        // and -2.659, upper-case letters -2.017, -2.076 and -2.086); the test writers, the legibility and lower case,
        // the check, were read afterwards.
        var dropout = new Option<double>("--dropout")
        {
            Description =
                "Probability of dropping each output of every LSTM layer while training, on its way to the next layer "
                    + "and to the mixture-density layer. 0 drops none.",
            DefaultValueFactory = _ => 0.2,
        };
        // Chosen on the validation writers (best validation loss, shared against per Gaussian: UNIPEN digits -2.446
        // and -2.592, upper-case letters -1.790 and -1.910); the test writers and legibility were read afterwards.
        var penFlags = new Option<string>("--pen-flags")
        {
            Description =
                "per-gaussian: each Gaussian has its own pen-up and end-of-drawing probabilities, so the pen lifts "
                    + "after the offset that ends a stroke; shared: one of each per point (Graves).",
            DefaultValueFactory = _ => "per-gaussian",
        }.AcceptOnlyFromAmong("per-gaussian", "shared");
        var alsoFrom = new Option<string[]>("--also-from")
        {
            Description =
                "Another UNIPEN dataset whose drawings join training (give it again for a third), except those of "
                    + "this dataset's validation and test writers; the model learns their characters too.",
        };
        var unconditional = new Option<bool>("--unconditional")
        {
            Description = "Ignore the labels: the model draws whatever it likes.",
        };
        var simplify = new Option<float>("--simplify")
        {
            Description =
                "Ramer-Douglas-Peucker tolerance of the strokes, as a fraction of each drawing's size; 0 keeps every "
                    + "tablet point.",
            DefaultValueFactory = _ => 0.02f,
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Drawings per batch.",
            DefaultValueFactory = _ => 32,
        };
        var valFraction = DrawCommand.ValFractionOption();
        var testFraction = DrawCommand.TestFractionOption();
        var rotation = new Option<double>("--augment-rotation")
        {
            Description =
                "Rotate each training drawing by a random angle up to this many radians either way, afresh every "
                    + "epoch; 0 turns it off.",
            DefaultValueFactory = _ => StrokeAugmentation.Default.MaxRotation,
        };
        var stretch = new Option<double>("--augment-stretch")
        {
            Description =
                "Stretch the width and height of each training drawing by a random share up to this either way; 0 "
                    + "turns it off.",
            DefaultValueFactory = _ => StrokeAugmentation.Default.MaxStretch,
        };
        var splitSeed = DrawLegibilityCommand.SplitSeedOption();
        var distributed = DistributedOption.Create();
        // Drawings are few and a model learns the training writers by heart within minutes: it is checked every
        // 100 steps, the learning rate halves after 5 checks without a better validation loss, and training stops
        // after 20, keeping the best checkpoint. The weights' moving average was chosen on the validation writers with
        // flags per Gaussian (digits -2.592 without, -2.632 with 0.999; upper-case letters -1.910 and -2.017).
        var training = new TrainingCommandOptions(
            "runs/draw",
            defaultLearningRate: 2e-3,
            defaultPatience: 20,
            defaultEvaluateEvery: 100,
            defaultSchedule: "plateau",
            defaultEma: 0.999
        );
        var command = new Command(
            "train",
            "Train a mixture-density LSTM on pen strokes; report the held-out negative log-likelihood per point."
        )
        {
            data,
            dataDir.Option,
            mixtures,
            hidden,
            layers,
            embedding,
            weightDrop,
            dropout,
            penFlags,
            alsoFrom,
            unconditional,
            simplify,
            batchSize,
            valFraction,
            testFraction,
            rotation,
            stretch,
            splitSeed,
            distributed,
            new OldSpelling<string>(data, "--data"),
        };
        training.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse, console =>
            {
                var world = DistributedOption.Join(parse, distributed);
                // Rank 0 alone speaks; the others' lines would repeat its own.
                var output = world is { Rank: > 0 } ? TextWriter.Null : console;
                return DistributedOption.Run(
                    parse,
                    world,
                    () =>
                    {
                        int m = parse.GetValue(mixtures),
                            h = parse.GetValue(hidden),
                            l = parse.GetValue(layers),
                            e = parse.GetValue(embedding),
                            b = parse.GetValue(batchSize);
                        if (m < 1 || h < 1 || l < 1 || e < 1 || b < 1)
                            throw new ArgumentException(
                                "--mixtures, --hidden, --layers, --embedding and --batch-size must be positive."
                            );
                        double maxRotation = parse.GetValue(rotation),
                            maxStretch = parse.GetValue(stretch);
                        if (maxRotation is < 0 or > 0.5 || maxStretch is < 0 or > 0.5)
                            throw new ArgumentException(
                                $"--augment-rotation (radians) and --augment-stretch must be in [0, 0.5]; got "
                                    + $"{maxRotation} and {maxStretch}."
                            );
                        double dropWeights = parse.GetValue(weightDrop);
                        WeightDropOption.Check(dropWeights);
                        double dropOutputs = parse.GetValue(dropout);
                        DropoutOption.Check(dropOutputs);
                        float tolerance = parse.GetValue(simplify);
                        if (tolerance is < 0 or > 0.5f)
                            throw new ArgumentException($"--simplify must be in [0, 0.5]; got {tolerance}.");
                        var corpus = StrokeCorpus.Find(parse.GetValue(data)!);
                        ulong seed = parse.GetValue(training.Seed);
                        var dataset = DrawingDataset.Load(
                            corpus,
                            dataDir.Locator(parse),
                            tolerance,
                            parse.GetValue(valFraction),
                            parse.GetValue(testFraction),
                            parse.GetValue(splitSeed),
                            [.. (parse.GetValue(alsoFrom) ?? []).Select(StrokeCorpus.Find)]
                        );
                        if (dataset.Validation.Count == 0)
                            throw new ArgumentException("The validation part is empty; raise --val-fraction.");
                        bool conditional = !parse.GetValue(unconditional) && corpus.Labels.Length > 0;
                        int maxPoints = Math.Max(16, dataset.Train.Max(d => d.Length) * 3 / 2);
                        var config = new DrawingModelConfig(
                            conditional ? dataset.Labels : "",
                            m,
                            h,
                            l,
                            e,
                            maxPoints,
                            corpus.Name,
                            tolerance
                        )
                        {
                            WeightDrop = (float)dropWeights,
                            Dropout = (float)dropOutputs,
                            FlagsPerGaussian = parse.GetValue(penFlags) == "per-gaussian",
                        };
                        if (parse.GetValue(training.Resume) is { } resumed)
                            CheckResumable(resumed.FullName, config);
                        var model = new DrawingModel(config, seed);
                        var c = CultureInfo.InvariantCulture;
                        output.WriteLine(
                            $"{corpus.Name}: train {dataset.Train.Count} drawings ({Writers(dataset.Train)} writers), "
                                + $"validation {dataset.Validation.Count} ({Writers(dataset.Validation)}), "
                                + $"test {dataset.Test.Count} ({Writers(dataset.Test)}); points per drawing "
                                    + $"{dataset.Train.Min(d => d.Length)}..{dataset.Train.Max(d => d.Length)}, "
                                + $"mean {dataset.Train.Average(d => d.Length).ToString("F1", c)}"
                                + string.Concat(dataset.AlsoFrom.Select(a => $"; training also from {a.Name}"))
                        );
                        string conditioning = conditional
                            ? $"conditional on {dataset.Labels.Length} characters"
                            : "unconditional";
                        output.WriteLine(
                            $"model: {conditioning}, {l} LSTM layers x {h} with skip connections, "
                                + $"{m} Gaussians"
                                + (config.FlagsPerGaussian ? " with their own pen flags" : "")
                                + (dropWeights > 0 ? $", weight drop {dropWeights.ToString(c)}" : "")
                                + (dropOutputs > 0 ? $", dropout {dropOutputs.ToString(c)}" : "")
                                + $": {model.ParameterCount.ToString("N0", c)} parameters"
                        );

                        int ranks = world?.Size ?? 1;
                        if (b % ranks != 0)
                            throw new ArgumentException(
                                $"--batch-size {b} must be a multiple of the number of ranks, {ranks}, so that every "
                                    + "rank takes an equal share of each batch."
                            );
                        if (world is not null)
                            output.WriteLine(
                                $"ranks={ranks}: data-parallel over Open MPI, {b / ranks} of the {b} drawings of each "
                                    + "batch on each rank, gradients averaged every step"
                            );
                        using var source = new StrokeBatchSource(
                            dataset.Train,
                            dataset.Validation,
                            model.LabelOf,
                            b,
                            seed,
                            world?.Rank ?? 0,
                            ranks
                        )
                        {
                            Augmentation = new StrokeAugmentation(maxRotation, maxStretch),
                        };
                        var trainer = new Trainer<StrokeBatch>(
                            model,
                            training.CreateOptimizer(parse, model.Parameters()),
                            source,
                            training.TrainerOptions(parse, config.ToMetadata()) with { World = world }
                        )
                        {
                            Clipper = training.CreateClipper(parse),
                            Schedule = training.CreateSchedule(parse),
                        };
                        training.ResumeIfAsked(parse, trainer);
                        var (result, plot) = TrainingConsole.Run(trainer, "points");
                        // Rank 0 alone evaluates the best checkpoint, draws the samples and reports.
                        if (world is { Rank: > 0 })
                            return 0;

                        string? checkpoint = result.BestCheckpoint ?? result.LastCheckpoint;
                        var best = checkpoint is null ? model : DrawingModel.Load(checkpoint);
                        string samples = Path.Combine(parse.GetValue(training.Out)!, "samples.png");
                        DrawingPicture.Write(samples, SampleRows(best, seed));

                        var results = TrainingConsole.Results(result, plot, "points");
                        if (world is not null)
                            results.Insert(results.FindIndex(r => r.Key == "points_per_s"), ("ranks", ranks));
                        results.Add(("samples", samples));
                        results.AddRange(DrawScoreCommand.HeldOutResults(new DrawingEnsemble([best]), dataset));
                        ResultLines.Write(output, results);
                        return 0;
                    }
                );
            }));
        return command;
    }

    private static int Writers(IEnumerable<StrokeSequence> drawings) =>
        drawings.Select(d => d.Writer).Distinct().Count();

    /// <summary>
    /// Ten samples (bias 1) of each of the model's first ten characters, one row per character (<c>draw grid</c> draws
    /// them all); ten rows of ten for an unconditional model.
    /// </summary>
    public static List<IReadOnlyList<StrokeSequence>> SampleRows(
        DrawingModel model,
        ulong seed,
        int perRow = 10,
        double bias = 1.0
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        int rows = model.Config.Conditional ? Math.Min(10, model.Config.Labels.Length) : 10;
        var labels = Enumerable
            .Range(0, rows)
            .SelectMany(r => Enumerable.Repeat(model.Config.Conditional ? r : 0, perRow))
            .ToArray();
        var drawings = new DrawingSampler(model).Sample(labels, bias, 1.0, seed);
        return Enumerable
            .Range(0, rows)
            .Select(r => (IReadOnlyList<StrokeSequence>)drawings.Skip(r * perRow).Take(perRow).ToList())
            .ToList();
    }

    // A run resumes only into the model it was trained as; the options that built another are named, so that a run
    // started before a default changed (such as --pen-flags) resumes by giving its setting again.
    private static void CheckResumable(string path, DrawingModelConfig wanted)
    {
        var trained = CheckpointMetadata.Read(SafeTensorsFile.Read(path), DrawingModelConfig.FromMetadata);
        string Flags(DrawingModelConfig c) => c.FlagsPerGaussian ? "per-gaussian" : "shared";
        var differences = new List<string>();
        void Compare(string option, string then, string now)
        {
            if (then != now)
                differences.Add($"{option} {then} (here {now})");
        }
        var c = CultureInfo.InvariantCulture;
        Compare("--mixtures", trained.Mixtures.ToString(c), wanted.Mixtures.ToString(c));
        Compare("--hidden", trained.HiddenSize.ToString(c), wanted.HiddenSize.ToString(c));
        Compare("--layers", trained.Layers.ToString(c), wanted.Layers.ToString(c));
        Compare("--embedding", trained.EmbeddingSize.ToString(c), wanted.EmbeddingSize.ToString(c));
        Compare("--pen-flags", Flags(trained), Flags(wanted));
        Compare("--dataset", trained.Dataset, wanted.Dataset);
        Compare("--also-from (the characters)", trained.Labels, wanted.Labels);
        if (differences.Count > 0)
            throw new ArgumentException(
                $"{path}: the run was trained with {string.Join(", ", differences)}; give the same model options "
                    + "to resume it."
            );
    }
}
