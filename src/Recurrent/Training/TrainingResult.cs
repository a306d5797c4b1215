namespace Recurrent.Training;

/// <summary>Why a training run ended.</summary>
public enum StopReason
{
    /// <summary>The epoch or step limit was reached.</summary>
    Completed,

    /// <summary>The time budget ran out.</summary>
    TimeLimit,

    /// <summary>The validation loss stopped improving for the patience.</summary>
    EarlyStopped,

    /// <summary>A validation metric reached its <see cref="ValidationMetric{TBatch}.Target"/>.</summary>
    TargetReached,

    /// <summary>The run was cancelled (Ctrl-C).</summary>
    Cancelled,
}

/// <summary>The outcome of <see cref="Trainer{TBatch}.Run"/>.</summary>
/// <param name="Reason">Why the run ended.</param>
/// <param name="Steps">The number of optimiser steps taken in total (including before a resume).</param>
/// <param name="Epochs">The number of complete epochs.</param>
/// <param name="LastLoss">The training loss of the last step.</param>
/// <param name="ValidationLoss">The last validation loss, if there was an evaluation.</param>
/// <param name="BestValidationLoss">The best validation loss, if there was an evaluation.</param>
/// <param name="ItemsPerSecond">Training throughput in this session, evaluation time excluded.</param>
/// <param name="Elapsed">The time spent in this session.</param>
/// <param name="LastCheckpoint">The path of <c>last.safetensors</c>, if written.</param>
/// <param name="BestCheckpoint">The path of <c>best.safetensors</c>, if written.</param>
public sealed record TrainingResult(
    StopReason Reason,
    long Steps,
    int Epochs,
    double LastLoss,
    double? ValidationLoss,
    double? BestValidationLoss,
    double ItemsPerSecond,
    TimeSpan Elapsed,
    string? LastCheckpoint,
    string? BestCheckpoint
)
{
    /// <summary>The validation metrics of the last evaluation, by name, in the order the trainer lists them.</summary>
    public IReadOnlyList<(string Name, double Value)> ValidationMetrics { get; init; } = [];

    /// <summary>The best value of the metric that <see cref="ValidationMetric{TBatch}.SelectsBest"/>, if any.</summary>
    public double? BestValidationMetric { get; init; }
}
