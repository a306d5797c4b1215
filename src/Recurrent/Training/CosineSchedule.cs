namespace Recurrent.Training;

/// <summary>
/// Linear warm-up then cosine decay, by step: for <c>s &lt; warmup</c>, <c>lr = base * (s + 1) / warmup</c>; then
/// <c>lr = min + (base - min) * (1 + cos(pi * p)) / 2</c> with <c>p = (s - warmup) / (total - warmup)</c>, held at
/// <see cref="MinLearningRate"/> after <see cref="TotalSteps"/>.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public CosineSchedule(double baseLearningRate, long totalSteps, long warmupSteps = 0, double minLearningRate = 0)
        : base(baseLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warmupSteps, totalSteps);
        if (!(minLearningRate >= 0) || minLearningRate > baseLearningRate)
            throw new ArgumentOutOfRangeException(
                nameof(minLearningRate),
                $"CosineSchedule: the minimum learning rate must be in [0, {baseLearningRate}]; got {minLearningRate}."
            );
        TotalSteps = totalSteps;
        WarmupSteps = warmupSteps;
        MinLearningRate = minLearningRate;
    }

    /// <summary>The step at which the cosine reaches <see cref="MinLearningRate"/>.</summary>
    public long TotalSteps { get; }

    /// <summary>The number of warm-up steps.</summary>
    public long WarmupSteps { get; }

    /// <summary>The learning rate at the end of the decay.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc />
    public override double LearningRate(long step, int epoch)
    {
        if (step < WarmupSteps)
            return BaseLearningRate * (step + 1) / WarmupSteps;
        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        return MinLearningRate + (BaseLearningRate - MinLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
