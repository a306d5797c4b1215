namespace Recurrent.Training;

/// <summary>
/// char-rnn's decay: at the end of every epoch, once at least <see cref="StartEpoch"/> epochs are complete, the
/// learning rate is multiplied by <see cref="Gamma"/>. With a start epoch of 10 and a gamma of 0.97 (char-rnn's
/// <c>-learning_rate_decay_after 10 -learning_rate_decay 0.97</c>) the first ten epochs run at the base rate, the
/// eleventh at 0.97 times it, and so on. With a start epoch of 0 or 1 it is PyTorch's <c>ExponentialLR</c>.
/// </summary>
public sealed class ExponentialSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public ExponentialSchedule(double baseLearningRate, double gamma, int startEpoch = 0)
        : base(baseLearningRate)
    {
        if (!(gamma > 0) || gamma > 1)
            throw new ArgumentOutOfRangeException(
                nameof(gamma),
                $"ExponentialSchedule: gamma must be in (0, 1]; got {gamma}."
            );
        ArgumentOutOfRangeException.ThrowIfNegative(startEpoch);
        Gamma = gamma;
        StartEpoch = startEpoch;
    }

    /// <summary>The factor applied at the end of each epoch once decay has started.</summary>
    public double Gamma { get; }

    /// <summary>The number of complete epochs after which decay starts.</summary>
    public int StartEpoch { get; }

    /// <inheritdoc />
    public override double LearningRate(long step, int epoch) =>
        BaseLearningRate * Math.Pow(Gamma, Math.Max(0, epoch - Math.Max(StartEpoch, 1) + 1));
}
