namespace Recurrent.Training;

/// <summary>What a <see cref="TrainingProgress"/> report is about.</summary>
public enum TrainingEventKind
{
    /// <summary>An optimiser step finished.</summary>
    Step,

    /// <summary>A validation pass finished.</summary>
    Evaluation,

    /// <summary>An epoch finished.</summary>
    EpochEnd,

    /// <summary>A checkpoint was written.</summary>
    Checkpoint,
}

/// <summary>A progress report of the <see cref="Trainer{TBatch}"/>, for progress bars and logs.</summary>
public sealed record TrainingProgress
{
    /// <summary>What happened.</summary>
    public required TrainingEventKind Kind { get; init; }

    /// <summary>The number of optimiser steps taken so far.</summary>
    public required long Step { get; init; }

    /// <summary>The total number of steps the run will take, when the options bound it.</summary>
    public long? TotalSteps { get; init; }

    /// <summary>The current epoch, counted from 0.</summary>
    public required int Epoch { get; init; }

    /// <summary>The number of batches of the current epoch done.</summary>
    public required int BatchInEpoch { get; init; }

    /// <summary>The number of training batches in an epoch.</summary>
    public required int BatchesPerEpoch { get; init; }

    /// <summary>The training loss of the last step.</summary>
    public double Loss { get; init; }

    /// <summary>An exponential moving average of the training loss (bias-corrected, decay 0.95).</summary>
    public double SmoothedLoss { get; init; }

    /// <summary>The last validation loss, if any evaluation has run.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>The best validation loss so far.</summary>
    public double? BestValidationLoss { get; init; }

    /// <summary>The validation metrics of the last evaluation, by name; empty before it or without metrics.</summary>
    public IReadOnlyList<(string Name, double Value)> ValidationMetrics { get; init; } = [];

    /// <summary>The global gradient norm of the last step, before clipping.</summary>
    public double GradientNorm { get; init; }

    /// <summary>The learning rate of the last step.</summary>
    public double LearningRate { get; init; }

    /// <summary>
    /// Training items (samples or tokens) per second of training steps in this session (evaluation time excluded).
    /// </summary>
    public double ItemsPerSecond { get; init; }

    /// <summary>The time spent training in this session.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The estimated time left, when the run is bounded.</summary>
    public TimeSpan? Eta { get; init; }

    /// <summary>The checkpoint written, for <see cref="TrainingEventKind.Checkpoint"/>.</summary>
    public string? CheckpointPath { get; init; }
}
