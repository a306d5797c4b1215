namespace Recurrent.Training;

/// <summary>
/// A quantity the <see cref="Trainer{TBatch}"/> measures on the validation part at every evaluation, beside the
/// validation loss (accuracy for a classifier, exact match for seq2seq): <see cref="Measure"/> gives its mean over the
/// items of one validation batch, and the trainer averages those means weighted by the batches' item counts. It runs
/// in evaluation mode without a tape, like the loss. The values go into <c>metrics.jsonl</c> as <c>val_{name}</c>,
/// into the progress reports and into the result; early stopping stays on the validation loss unless
/// <see cref="Target"/> is set.
/// </summary>
/// <typeparam name="TBatch">What the batch source yields.</typeparam>
/// <param name="Name">A short name of letters, digits and underscores (<c>accuracy</c>, <c>exact_match</c>).</param>
/// <param name="Measure">The mean of the metric over the items of a validation batch.</param>
public sealed record ValidationMetric<TBatch>(string Name, Func<TBatch, TrainingContext, double> Measure)
{
    /// <summary>True when a larger value is better (accuracy); false for an error (mean absolute error).</summary>
    public bool HigherIsBetter { get; init; } = true;

    /// <summary>
    /// Training stops (<see cref="StopReason.TargetReached"/>) after the first regular evaluation at which the metric
    /// reaches this value (at least it, or at most it when <see cref="HigherIsBetter"/> is false); null never stops.
    /// </summary>
    public double? Target { get; init; }

    /// <summary>
    /// When true, <c>best.safetensors</c> keeps the model with the best value of this metric instead of the lowest
    /// validation loss, and the patience counts evaluations without a new best of it (Keras's <c>monitor</c>). At most
    /// one metric of a trainer selects.
    /// </summary>
    public bool SelectsBest { get; init; }

    /// <summary>
    /// Whether <paramref name="value"/> is strictly better than <paramref name="best"/> (always, when there is none).
    /// </summary>
    public bool Improves(double value, double? best) => best is not { } b || (HigherIsBetter ? value > b : value < b);

    /// <summary>Whether <paramref name="value"/> reaches the <see cref="Target"/>.</summary>
    public bool Reaches(double value) => Target is { } target && (HigherIsBetter ? value >= target : value <= target);
}
