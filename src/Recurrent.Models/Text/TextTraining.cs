using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Text;

/// <summary>
/// How a <see cref="CharLanguageModel"/> learns a text, through the <see cref="Trainer{TBatch}"/>: the training part
/// is cut into <see cref="BatchSize"/> parallel streams (char-rnn's batching) and fed in chunks of
/// <see cref="SequenceLength"/> steps with the recurrent state carried on between chunks (truncated backpropagation
/// through time); the validation part is scored the same way; <c>best.safetensors</c> is kept by validation loss
/// and reloaded at the end. <c>text train</c> is this recipe with the command line's options.
/// </summary>
public sealed record TextTraining
{
    /// <summary>Steps of backpropagation through time per chunk.</summary>
    public int SequenceLength { get; init; } = 64;

    /// <summary>The number of parallel streams the training text is cut into.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's learning rate, when <see cref="Optimizer"/> is not set.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>
    /// Makes the optimiser over the model's parameters; null means Adam at <see cref="LearningRate"/>.
    /// </summary>
    public Func<IEnumerable<Tensor>, Optimizer>? Optimizer { get; init; }

    /// <summary>The gradient clipper; by default the global norm is clipped at 5.</summary>
    public GradientClipper? Clipper { get; init; } = GradientClipper.ByNorm(5);

    /// <summary>The learning-rate schedule; null keeps the rate constant.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// The limits (epochs, steps, duration), evaluation interval, patience, seed and checkpoint directory of the run.
    /// Its model configuration is ignored: the model's own is saved. With a <see cref="TrainerOptions.World"/>, each
    /// rank trains on its share of the <see cref="BatchSize"/> streams (which the number of ranks must divide).
    /// </summary>
    public TrainerOptions Limits { get; init; } = new() { MaxEpochs = 1 };

    /// <summary>
    /// Trains a fresh model of <paramref name="config"/> (whose vocabulary covers the text) on
    /// <paramref name="split"/>, with <see cref="TrainerOptions.Seed"/> of <see cref="Limits"/> drawing the weights
    /// and the dropout. <paramref name="run"/> runs the trainer (the default is <see cref="Trainer{TBatch}.Run"/>): a
    /// caller shows progress there, or resumes from a checkpoint first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="SequenceLength"/> or <see cref="BatchSize"/> is not positive.
    /// </exception>
    /// <exception cref="TrainingDivergedException">The loss or the gradient norm became NaN or infinite.</exception>
    public TrainedTextModel Train(
        CharLanguageModelConfig config,
        TextSplit split,
        Func<Trainer<TextBatch>, CharLanguageModel, CharBatchSource, TrainingResult>? run = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfLessThan(SequenceLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        var data = new CharBatchSource(
            split,
            BatchSize,
            SequenceLength,
            Limits.World?.Rank ?? 0,
            Limits.World?.Size ?? 1
        );
        var model = new CharLanguageModel(config, Limits.Seed);
        var parameters = model.Parameters();
        var optimizer = Optimizer?.Invoke(parameters) ?? new Adam(parameters, LearningRate);
        var trainer = new Trainer<TextBatch>(
            model,
            optimizer,
            data,
            Limits with
            {
                ModelConfig = config.ToMetadata(),
            }
        )
        {
            Clipper = Clipper,
            Schedule = Schedule,
        };
        var result = run is null ? trainer.Run() : run(trainer, model, data);
        if ((result.BestCheckpoint ?? result.LastCheckpoint) is { } checkpoint)
            StateDict.Load(model.NamedState(), SafeTensorsFile.Read(checkpoint));
        model.Eval();
        return new TrainedTextModel(model, result);
    }
}
