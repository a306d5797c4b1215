using System.Globalization;

namespace Recurrent.Training;

/// <summary>
/// Decides the learning rate of every step. The <see cref="Trainer{TBatch}"/> asks it before each optimiser step and
/// tells it each validation loss; its state travels in checkpoints so a resumed run continues the same schedule.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>Creates a schedule that starts from <paramref name="baseLearningRate"/>.</summary>
    protected LearningRateSchedule(double baseLearningRate)
    {
        if (!(baseLearningRate >= 0) || !double.IsFinite(baseLearningRate))
            throw new ArgumentOutOfRangeException(
                nameof(baseLearningRate),
                $"{GetType().Name}: the learning rate must be finite and non-negative; got {baseLearningRate}."
            );
        BaseLearningRate = baseLearningRate;
    }

    /// <summary>The learning rate the schedule starts from.</summary>
    public double BaseLearningRate { get; }

    /// <summary>
    /// The learning rate of step <paramref name="step"/> (counted from 0) in epoch <paramref name="epoch"/> (counted
    /// from 0).
    /// </summary>
    public abstract double LearningRate(long step, int epoch);

    /// <summary>
    /// Receives the validation loss after each evaluation; only <see cref="ReduceOnPlateauSchedule"/> uses it.
    /// </summary>
    public virtual void ReportValidationLoss(double loss) { }

    /// <summary>
    /// The schedule's mutable state as strings, for checkpoints (empty for schedules that are a function of step and
    /// epoch).
    /// </summary>
    public virtual IReadOnlyDictionary<string, string> ExportState() => new Dictionary<string, string>();

    /// <summary>Restores a state made by <see cref="ExportState"/>.</summary>
    public virtual void ImportState(IReadOnlyDictionary<string, string> state) { }

    /// <summary>Formats a double so that parsing it gives the same bits back.</summary>
    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a value written by <see cref="Format"/>, naming the key when it is missing or malformed.
    /// </summary>
    protected static double ParseDouble(IReadOnlyDictionary<string, string> state, string key) =>
        state.TryGetValue(key, out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"The schedule state has no valid '{key}'.");
}
