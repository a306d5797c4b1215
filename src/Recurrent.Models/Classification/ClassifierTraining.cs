using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Classification;

/// <summary>
/// How one classifier configuration is trained on a fit/validation split: batches of <see cref="BatchSize"/> series
/// (optionally augmented), Adam (or <see cref="Optimizer"/>) with gradient clipping, an evaluation on the validation
/// part (loss and accuracy) at every epoch's end (or as <see cref="Limits"/> says), <c>best.safetensors</c> kept by
/// validation loss and
/// reloaded at the end. <c>classify train</c> with explicit options is this recipe once (or once per fold);
/// the search of the default command runs it for every candidate and fold.
/// </summary>
public sealed record ClassifierTraining
{
    /// <summary>Series per batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Adam's learning rate, when <see cref="Optimizer"/> is not set.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>
    /// Moves every training series by up to this many (framed) steps and channels at random
    /// (<see cref="RandomShift"/>); 0 turns it off.
    /// </summary>
    public int Shift { get; init; }

    /// <summary>
    /// The standard deviation of Gaussian noise added to every training value, in scaled units; 0 adds none.
    /// </summary>
    public float Jitter { get; init; }

    /// <summary>Batch series of similar length together.</summary>
    public bool BucketByLength { get; init; }

    /// <summary>
    /// Makes the optimiser over the model's parameters; null means Adam at <see cref="LearningRate"/>.
    /// </summary>
    public Func<IEnumerable<Tensor>, Optimizer>? Optimizer { get; init; }

    /// <summary>The gradient clipper; by default the global norm is clipped at 5.</summary>
    public GradientClipper? Clipper { get; init; } = GradientClipper.ByNorm(5);

    /// <summary>Makes a fresh learning-rate schedule for each run; null keeps the rate constant.</summary>
    public Func<LearningRateSchedule?>? Schedule { get; init; }

    /// <summary>
    /// The limits (epochs, steps, duration), evaluation interval, patience and metrics interval of every run. Its
    /// seed, checkpoint directory and model configuration are ignored: each run sets its own. With a
    /// <see cref="TrainerOptions.World"/> of several ranks each rank trains on its share of every batch
    /// (<see cref="BatchSize"/> must be a multiple of the ranks); every rank must then call <see cref="Train"/>.
    /// </summary>
    public TrainerOptions Limits { get; init; } = new() { MaxEpochs = 100, LogEvery = 1 };

    /// <summary>
    /// Trains a model of <paramref name="config"/> (whose scaler should be fitted on <paramref name="fit"/> alone) on
    /// <paramref name="fit"/>, validating on <paramref name="validation"/>, with <paramref name="seed"/> drawing the
    /// weights, the batch order, the augmentation and the dropout; checkpoints go to <paramref name="directory"/>
    /// (null writes none, and the last weights are kept). <paramref name="run"/> runs the trainer (the default is
    /// <see cref="Trainer{TBatch}.Run"/>): a caller shows progress there, or resumes from a checkpoint first.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A label of <paramref name="fit"/> or <paramref name="validation"/> is not in the configuration's labels, or the
    /// channels differ; the message names the file and line.
    /// </exception>
    /// <exception cref="TrainingDivergedException">The loss or the gradient norm became NaN or infinite.</exception>
    public TrainedClassifier Train(
        SequenceClassifierConfig config,
        TimeSeriesDataset fit,
        TimeSeriesDataset validation,
        ulong seed,
        string? directory,
        Func<Trainer<SequenceBatch>, SequenceClassifier, TrainingResult>? run = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(validation);
        var model = new SequenceClassifier(config, new RandomGenerator(seed));
        using var data = new SequenceBatchSource(
            ClassifierInput.Prepare(fit, config),
            ClassifierInput.Prepare(validation, config),
            config.Labels,
            BatchSize,
            seed,
            BucketByLength,
            Limits.World?.Rank ?? 0,
            Limits.World?.Size ?? 1
        )
        {
            Augmentation = Shift > 0 ? new RandomShift(Shift) : null,
            Jitter = Jitter,
        };
        var options = Limits with
        {
            Seed = seed,
            CheckpointDirectory = directory,
            ModelConfig = config.ToMetadata(),
        };
        var parameters = model.Parameters();
        var optimizer = Optimizer?.Invoke(parameters) ?? new Adam(parameters, LearningRate);
        var trainer = new Trainer<SequenceBatch>(model, optimizer, data, options)
        {
            Clipper = Clipper,
            Schedule = Schedule?.Invoke(),
            Metrics = [new ValidationMetric<SequenceBatch>("accuracy", (batch, _) => model.Accuracy(batch))],
        };
        var result = run is null ? trainer.Run() : run(trainer, model);
        if ((result.BestCheckpoint ?? result.LastCheckpoint) is { } checkpoint)
            StateDict.Load(model.NamedState(), SafeTensorsFile.Read(checkpoint));
        model.Eval();
        return new TrainedClassifier(model, result, Evaluate(model, validation));
    }

    /// <summary>The confusion matrix of <paramref name="model"/> on raw (unprepared) labelled series.</summary>
    /// <exception cref="InvalidDataException">
    /// A label is unknown to the model, or the channels differ; the message names the file and line.
    /// </exception>
    public static ConfusionMatrix Evaluate(SequenceClassifier model, TimeSeriesDataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var actual = data.LabelIndices(model.Config.Labels);
        var predicted = model.Predict(ClassifierInput.Prepare(data, model.Config));
        return new ConfusionMatrix(model.Config.Labels, actual, predicted);
    }
}
