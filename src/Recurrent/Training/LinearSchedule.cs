namespace Recurrent.Training;

/// <summary>
/// A straight line by step from the base learning rate down (or up) to <c>base * endFactor</c> at the last step,
/// held there afterwards: <c>lr = base * (1 - (1 - endFactor) * s / (total - 1))</c> for step <c>s</c> counted from 0,
/// as PyTorch's <c>LinearLR(start_factor=1, end_factor=endFactor, total_iters=total - 1)</c>.
/// </summary>
public sealed class LinearSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule over <paramref name="totalSteps"/> steps.</summary>
    public LinearSchedule(double baseLearningRate, long totalSteps, double endFactor)
        : base(baseLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (!(endFactor >= 0) || !double.IsFinite(endFactor))
            throw new ArgumentOutOfRangeException(
                nameof(endFactor),
                $"LinearSchedule: the end factor must be finite and non-negative; got {endFactor}."
            );
        TotalSteps = totalSteps;
        EndFactor = endFactor;
    }

    /// <summary>The number of steps over which the rate moves; the last of them has the end rate.</summary>
    public long TotalSteps { get; }

    /// <summary>The end rate as a fraction of the base rate.</summary>
    public double EndFactor { get; }

    /// <inheritdoc />
    public override double LearningRate(long step, int epoch) =>
        BaseLearningRate * (1 - (1 - EndFactor) * Math.Min(step, TotalSteps - 1) / Math.Max(1, TotalSteps - 1));
}
