namespace Recurrent.Training;

/// <summary>
/// Thrown when the loss or the gradient norm of a step is NaN or infinite. The parameters are left as they were
/// before that step; the message names the step and what to try.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>
    /// Creates the exception for <paramref name="quantity"/> (the loss or the gradient norm) at
    /// <paramref name="step"/>.
    /// </summary>
    public TrainingDivergedException(
        long step,
        int epoch,
        string quantity,
        double value,
        double learningRate,
        bool clipping
    )
        : base(
            $"Training diverged at step {step} (epoch {epoch + 1}): the {quantity} is {value}. "
                + $"Try a lower learning rate (it was {learningRate:G4}; divide it by 3 to 10)"
                + (
                    clipping
                        ? ", a smaller gradient-clipping threshold"
                        : ", gradient clipping (for example by global norm 5)"
                )
                + ", or resuming from the last good checkpoint."
        )
    {
        Step = step;
        Epoch = epoch;
        Quantity = quantity;
    }

    /// <summary>The step (counted from 1) whose loss or gradient was not finite.</summary>
    public long Step { get; }

    /// <summary>The epoch, counted from 0.</summary>
    public int Epoch { get; }

    /// <summary>"loss" or "gradient norm".</summary>
    public string Quantity { get; }
}
