using Recurrent.Cli.Console;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Distributed;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Tensors;
using Recurrent.Training;
using System.CommandLine;
using System.Diagnostics;

namespace Recurrent.Cli.Commands;

/// <summary>
/// The options of a classifier training command (model shape, batching, validation split or cross-validation folds,
/// plus the shared training options) and the run they describe: split, fit the scaler on the training part, train
/// keeping the best checkpoint (one per fold), then report the confusion matrix and accuracy on the test set.
/// </summary>
public sealed class ClassifierTrainingOptions
{
    /// <summary>Creates the options with defaults suited to the small UCR/UEA datasets.</summary>
    public ClassifierTrainingOptions(
        string defaultOut,
        int defaultEpochs,
        int defaultHidden = 64,
        int defaultBatchSize = 16,
        string defaultScaling = "standardize",
        int defaultShift = 0
    )
    {
        DefaultEpochs = defaultEpochs;
        Training = new TrainingCommandOptions(defaultOut, defaultLearningRate: 3e-3);
        MaxEpochsOldSpelling = new OldSpelling<int?>(Training.MaxEpochs, "--epochs");
        Cell = new Option<string>("--cell")
        {
            Description = "The recurrent cell: lstm, gru or rnn.",
            DefaultValueFactory = _ => "gru",
        };
        Cell.AcceptOnlyFromAmong([.. CellKinds.Names]);
        Hidden = new Option<int>("--hidden")
        {
            Description = "Hidden size of each direction.",
            DefaultValueFactory = _ => defaultHidden,
        };
        Layers = new Option<int>("--layers")
        {
            Description = "Stacked recurrent layers.",
            DefaultValueFactory = _ => 1,
        };
        Bidirectional = new Option<bool>("--bidirectional")
        {
            Description =
                "Run every layer in both directions; the last state is then the forward final state beside the "
                    + "backward final state.",
        };
        Pooling = new Option<string>("--pooling")
        {
            Description = "last (last valid state) or mean (mean over valid steps).",
            DefaultValueFactory = _ => "last",
        };
        Pooling.AcceptOnlyFromAmong("last", "mean");
        Dropout = new Option<float>("--dropout")
        {
            Description = "Dropout between layers and before the linear layer.",
            DefaultValueFactory = _ => 0.2f,
        };
        Frame = new Option<int>("--frame")
        {
            Description = "Feed this many consecutive steps as one step (shortens long series).",
            DefaultValueFactory = _ => 1,
        };
        ConvolutionFilters = new Option<int>("--conv-filters")
        {
            Description =
                "N > 0: a convolutional branch beside the recurrent one (LSTM-FCN): blocks of N, 2N and N "
                + "filters of widths 8, 5 and 3, each with batch normalisation and ReLU, averaged over time. "
                + "0: none.",
            DefaultValueFactory = _ => 0,
        };
        BatchSize = new Option<int>("--batch-size")
        {
            Description = "Series per batch.",
            DefaultValueFactory = _ => defaultBatchSize,
        };
        ValidationFraction = new Option<double>("--val-fraction")
        {
            Description = "Fraction of the training set held out for validation (the best checkpoint is chosen on it).",
            DefaultValueFactory = _ => 0.2,
        };
        Folds = new Option<int>("--folds")
        {
            Description =
                "1: train one model, validating on --val-fraction of the training set. K > 1: K-fold cross-validation "
                    + "on the training set (stratified by class, drawn by --seed): K models, each validating on one "
                    + "fold and saved as fold-k/best.safetensors, whose averaged probabilities classify the test set.",
            DefaultValueFactory = _ => 1,
        };
        Scaling = new Option<string>("--scaling")
        {
            Description =
                "Per-channel scaling fitted on the training part: standardize (mean 0, deviation 1) or minmax ([0, "
                    + "1]).",
            DefaultValueFactory = _ => defaultScaling,
        };
        Scaling.AcceptOnlyFromAmong("standardize", "minmax");
        Shift = new Option<int>("--shift")
        {
            Description =
                "Augment training series by moving each by up to this many steps and channels at random (image-like "
                    + "series such as MNIST; with --frame, by whole frames and by positions within each frame); 0 "
                    + "turns it off.",
            DefaultValueFactory = _ => defaultShift,
        };
        Jitter = new Option<float>("--jitter")
        {
            Description =
                "Augment training series by adding Gaussian noise of this standard deviation (in scaled units) to "
                    + "every value; 0 turns it off.",
        };
        Bucket = new Option<bool>("--bucket")
        {
            Description = "Batch series of similar length together (less padding).",
        };
        Distributed = DistributedOption.Create();
    }

    /// <summary>The number of epochs when no limit is given.</summary>
    public int DefaultEpochs { get; }

    /// <summary>
    /// The shared training options (<c>--out</c>, <c>--lr</c>, <c>--seed</c>, <c>--max-epochs</c>, ...).
    /// </summary>
    public TrainingCommandOptions Training { get; }

    /// <summary><c>--epochs</c>, the previous release's name of <c>--max-epochs</c>.</summary>
    public OldSpelling<int?> MaxEpochsOldSpelling { get; }

    /// <summary><c>--cell</c>.</summary>
    public Option<string> Cell { get; }

    /// <summary><c>--hidden</c>.</summary>
    public Option<int> Hidden { get; }

    /// <summary><c>--layers</c>.</summary>
    public Option<int> Layers { get; }

    /// <summary><c>--bidirectional</c>.</summary>
    public Option<bool> Bidirectional { get; }

    /// <summary><c>--pooling</c>.</summary>
    public Option<string> Pooling { get; }

    /// <summary><c>--dropout</c>.</summary>
    public Option<float> Dropout { get; }

    /// <summary><c>--frame</c>.</summary>
    public Option<int> Frame { get; }

    /// <summary><c>--conv-filters</c>.</summary>
    public Option<int> ConvolutionFilters { get; }

    /// <summary><c>--batch-size</c>.</summary>
    public Option<int> BatchSize { get; }

    /// <summary><c>--val-fraction</c>.</summary>
    public Option<double> ValidationFraction { get; }

    /// <summary><c>--folds</c>.</summary>
    public Option<int> Folds { get; }

    /// <summary><c>--scaling</c>.</summary>
    public Option<string> Scaling { get; }

    /// <summary><c>--shift</c>.</summary>
    public Option<int> Shift { get; }

    /// <summary><c>--jitter</c>.</summary>
    public Option<float> Jitter { get; }

    /// <summary><c>--bucket</c>.</summary>
    public Option<bool> Bucket { get; }

    /// <summary>
    /// <c>--distributed</c>: train a fixed configuration data-parallel over the ranks of an MPI job (on by itself
    /// under <c>mpirun</c>).
    /// </summary>
    public Option<bool> Distributed { get; }

    // The options of this class itself, beside the shared training options.
    private Option[] ModelOptions =>
        [
            Cell,
            Hidden,
            Layers,
            Bidirectional,
            Pooling,
            Dropout,
            Frame,
            ConvolutionFilters,
            BatchSize,
            ValidationFraction,
            Folds,
            Scaling,
            Shift,
            Jitter,
            Bucket,
        ];

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in ModelOptions)
            command.Options.Add(option);
        command.Options.Add(Distributed);
        Training.AddTo(command);
        command.Options.Add(MaxEpochsOldSpelling);
    }

    /// <summary>
    /// Whether the command line gives any model or training option explicitly (every option of this class but
    /// <c>--out</c>, <c>--seed</c> and <c>--max-minutes</c>). Then <c>classify train</c> trains that fixed
    /// configuration; without any, it searches for one.
    /// </summary>
    public bool FixesTheConfiguration(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        Option[] fixing =
        [
            .. ModelOptions,
            Training.Optimizer,
            Training.LearningRate,
            Training.Schedule,
            Training.LearningRateDecay,
            Training.LearningRateDecayAfter,
            Training.MinLearningRate,
            Training.Clip,
            Training.ClipValue,
            Training.MaxEpochs,
            Training.MaxSteps,
            Training.EvaluateEvery,
            Training.Patience,
            Training.Resume,
        ];
        return fixing.Any(option => OldSpellings.IsGiven(parse, option));
    }

    /// <summary>
    /// Trains on <paramref name="train"/> and evaluates on <paramref name="test"/>, printing the confusion matrix and
    /// the result lines, <c>test_accuracy</c> last (without a test set, the validation or cross-validated accuracy
    /// alone). With <c>--folds 1</c> one model trains on a random split of
    /// <paramref name="train"/> (<c>--val-fraction</c>); with <c>--folds K</c> each of K models validates on one fold
    /// of a stratified K-fold split and trains on the others, and the test prediction averages their probabilities.
    /// </summary>
    /// <remarks>
    /// Under <c>mpirun</c> (or with <c>--distributed</c>) every model trains data-parallel over the ranks, each taking
    /// its share of every batch; rank 0 alone prints and writes.
    /// </remarks>
    public int Run(ParseResult parse, TextWriter output, TimeSeriesDataset train, TimeSeriesDataset? test)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(train);
        var world = DistributedOption.Join(parse, Distributed);
        // Rank 0 alone speaks; the others' lines would repeat its own.
        return DistributedOption.Run(
            parse,
            world,
            () => Train(parse, world is { Rank: > 0 } ? TextWriter.Null : output, train, test, world)
        );
    }

    private int Train(
        ParseResult parse,
        TextWriter output,
        TimeSeriesDataset train,
        TimeSeriesDataset? test,
        MpiWorld? world
    )
    {
        int hidden = parse.GetValue(Hidden),
            layers = parse.GetValue(Layers),
            frame = parse.GetValue(Frame),
            batchSize = parse.GetValue(BatchSize);
        if (hidden < 1 || layers < 1 || frame < 1 || batchSize < 1)
            throw new ArgumentException(
                $"--hidden, --layers, --frame and --batch-size must be positive; got {hidden}, {layers}, {frame}, "
                    + $"{batchSize}."
            );
        if (parse.GetValue(ConvolutionFilters) is < 0 and var filters)
            throw new ArgumentException($"--conv-filters must be 0 (no convolutional branch) or more; got {filters}.");
        float dropout = parse.GetValue(Dropout);
        DropoutOption.Check(dropout);
        float jitter = parse.GetValue(Jitter);
        if (jitter < 0f)
            throw new ArgumentException($"--jitter must not be negative; got {jitter}.");
        int folds = parse.GetValue(Folds);
        if (folds < 1)
            throw new ArgumentException(
                $"--folds must be at least 1 (1: one model and a --val-fraction split; K > 1: K-fold "
                    + $"cross-validation); got {folds}."
            );
        if (folds > 1)
            CheckCrossValidation(parse, train, folds);
        int ranks = world?.Size ?? 1;
        if (batchSize % ranks != 0)
            throw new ArgumentException(
                $"--batch-size {batchSize} must be a multiple of the number of ranks, {ranks}, so that every rank "
                    + "takes an equal share of each batch."
            );

        var labels = LabelSet.FromTraining(train);
        var model = new SequenceClassifierConfig(
            CellKinds.Parse(parse.GetValue(Cell)!),
            train.Channels,
            hidden,
            layers,
            parse.GetValue(Bidirectional),
            parse.GetValue(Pooling) == "mean" ? SequencePooling.Mean : SequencePooling.Last,
            dropout,
            frame,
            labels,
            ChannelScaler.Fit(train, parse.GetValue(Scaling) == "minmax" ? ScalingKind.MinMax : ScalingKind.Standardize)
        )
        {
            ConvolutionFilters = parse.GetValue(ConvolutionFilters),
        };
        var experiment = new ClassifierExperiment
        {
            Training = new ClassifierTraining
            {
                BatchSize = batchSize,
                Shift = parse.GetValue(Shift),
                Jitter = jitter,
                BucketByLength = parse.GetValue(Bucket),
                Optimizer = parameters => Training.CreateOptimizer(parse, parameters),
                Clipper = Training.CreateClipper(parse),
                Schedule = () => Training.CreateSchedule(parse),
                Limits = TrainerLimits(parse) with { World = world },
            },
            ValidationFraction = parse.GetValue(ValidationFraction),
            Folds = folds,
        };

        string directory = parse.GetValue(Training.Out)!;
        var clock = Stopwatch.StartNew();
        var plots = new List<string?>();
        ulong seed = parse.GetValue(Training.Seed);
        var outcome = experiment.Run(
            model,
            train,
            test,
            seed,
            directory,
            (fold, trainer, classifier) =>
            {
                var (fit, validation) = (fold.Fit, fold.Validation);
                string prefix = fold.Count == 1 ? "" : $"fold {fold.Number}/{fold.Count}: ";
                output.WriteLine(
                    $"{prefix}train {fit.Count} series, validation {validation.Count}, test {test?.Count ?? 0}; "
                        + $"{fit.Channels} channel(s), "
                        + $"length {Math.Min(fit.MinLength, validation.MinLength)}.."
                        + $"{Math.Max(fit.MaxLength, validation.MaxLength)}; {labels.Count} classes; "
                        + $"{classifier.ParameterCount:N0} parameters"
                );
                if (world is not null)
                    output.WriteLine(
                        $"{prefix}ranks={ranks}: data-parallel over Open MPI, {batchSize / ranks} of the {batchSize} "
                            + "series of each batch on each rank, gradients averaged every step"
                    );
                Training.ResumeIfAsked(parse, trainer);
                var (result, lossPlot) = TrainingConsole.Run(trainer, "series");
                plots.Add(lossPlot);
                return result;
            },
            (fold, run) =>
            {
                if (fold.Count > 1)
                    output.WriteLine(
                        FormattableString.Invariant($"fold {fold.Number}/{fold.Count}: ")
                            + $"val_accuracy={ResultLines.Format(run.ValidationAccuracy)} "
                            + $"best_val_loss={ResultLines.Format(run.Result.BestValidationLoss)} "
                            + FormattableString.Invariant($"epochs={run.Result.Epochs}")
                    );
            }
        );

        if (test is not null && outcome.Test is { } matrix)
        {
            output.WriteLine();
            output.WriteLine(
                folds == 1
                    ? $"confusion matrix on {test.Source} (rows: true class, columns: predicted):"
                    : $"confusion matrix on {test.Source}, the {folds} fold models' probabilities averaged (rows: "
                        + "true class, columns: predicted):"
            );
            output.Write(matrix.ToString());
        }
        output.WriteLine();
        (string, object?)[] testAccuracy = outcome.Test is { } m ? [("test_accuracy", m.Accuracy)] : [];
        if (folds == 1)
        {
            var results = TrainingConsole.Results(outcome.Runs[0].Result, plots[0], "series");
            if (world is not null)
                results.Insert(results.FindIndex(r => r.Key == "series_per_s"), ("ranks", ranks));
            results.Add(("val_accuracy", outcome.ValidationAccuracy));
            results.AddRange(testAccuracy);
            ResultLines.Write(output, results);
        }
        else
        {
            ResultLines.Write(
                output,
                [
                    ("folds", folds),
                    .. world is null ? [] : new (string, object?)[] { ("ranks", ranks) },
                    ("cv_accuracy", outcome.ValidationAccuracy),
                    ("cv_loss", outcome.ValidationLoss),
                    ("elapsed_s", clock.Elapsed.TotalSeconds),
                    ("checkpoint", directory),
                    .. testAccuracy,
                ]
            );
        }
        return 0;
    }

    private void CheckCrossValidation(ParseResult parse, TimeSeriesDataset train, int folds)
    {
        if (parse.GetResult(ValidationFraction) is { Implicit: false })
            throw new ArgumentException(
                $"--val-fraction does not apply with --folds {folds}: each of the {folds} models validates on its own "
                    + $"fold, 1/{folds} of the training set."
            );
        if (parse.GetValue(Training.Resume) is not null)
            throw new ArgumentException("--resume continues one training run; it does not apply with --folds.");
        if (folds > train.Count)
            throw new ArgumentException(
                $"--folds {folds} needs at least {folds} training series; {train.Source} has {train.Count}."
            );
        // A later predict on the directory would average every fold-N it finds, old ones included.
        string directory = parse.GetValue(Training.Out)!;
        if (
            Directory.Exists(directory)
            && ClassifierEnsemble.FoldCheckpoints(directory) is { Count: var existing }
            && existing > folds
        )
            throw new ArgumentException(
                $"{directory} holds {existing} fold checkpoints from an earlier run, more than --folds {folds} would "
                    + $"replace; choose another --out or remove them."
            );
    }

    private TrainerOptions TrainerLimits(ParseResult parse)
    {
        var options = Training.TrainerOptions(parse, modelConfig: null, logEvery: 1);
        bool noLimit =
            parse.GetValue(Training.MaxEpochs) is null
            && parse.GetValue(Training.MaxSteps) is null
            && parse.GetValue(Training.MaxMinutes) is null;
        return noLimit ? options with { MaxEpochs = DefaultEpochs } : options;
    }
}
