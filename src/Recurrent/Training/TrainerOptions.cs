namespace Recurrent.Training;

/// <summary>How long a <see cref="Trainer{TBatch}"/> trains, how often it evaluates, and where it writes.</summary>
public sealed record TrainerOptions
{
    /// <summary>
    /// The number of epochs to train for; null for no limit (then set <see cref="MaxSteps"/> or
    /// <see cref="MaxDuration"/>).
    /// </summary>
    public int? MaxEpochs { get; init; }

    /// <summary>The total number of optimiser steps; null for no limit.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>
    /// A wall-clock budget; training stops (saving a checkpoint) after the first step past it, and always makes at
    /// least one step.
    /// </summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Evaluate on the validation part every this many steps; 0 means at the end of every epoch.</summary>
    public int EvaluateEvery { get; init; }

    /// <summary>
    /// Stop after this many evaluations in a row without a new best validation loss; null never stops early.
    /// </summary>
    public int? Patience { get; init; }

    /// <summary>
    /// The decay of an exponential moving average (EMA) of the parameters, updated after every optimiser step as
    /// <c>average = d * average + (1 - d) * parameter</c>, with <c>d = min(decay, (1 + step) / (10 + step))</c> so that
    /// the average follows quickly at first (TensorFlow's <c>ExponentialMovingAverage</c> with <c>num_updates</c>);
    /// null (the default) keeps none. With it, every evaluation scores the averaged parameters, checkpoints hold
    /// them under the parameters' names (what a model loaded from <c>best.safetensors</c> runs) and the trained ones
    /// beside them as training state for a resume, and the model ends training with the average (as Keras's
    /// <c>use_ema</c> does). Typical values: 0.99 to 0.9999.
    /// </summary>
    public double? EmaDecay { get; init; }

    /// <summary>The seed of the trainer's <see cref="Tensors.RandomGenerator"/>.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Write a metrics line every this many steps.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>
    /// The directory of <c>best.safetensors</c>, <c>last.safetensors</c> and <c>metrics.jsonl</c>; null writes nothing.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>The model's configuration, stored in every checkpoint's <c>__metadata__</c>.</summary>
    public IReadOnlyDictionary<string, string>? ModelConfig { get; init; }

    /// <summary>
    /// The ranks this trainer trains with, for data-parallel training; null (the default) trains in this process
    /// alone. The batch source must then give each rank its own share of every batch (see
    /// <see cref="ITrainingWorld"/>).
    /// </summary>
    public ITrainingWorld? World { get; init; }
}
