namespace Recurrent.Training;

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c> in <c>min</c> mode with a relative threshold: after more than
/// <see cref="Patience"/> validation losses without an improvement below <c>best * (1 - threshold)</c>, the learning
/// rate is multiplied by <see cref="Factor"/> (never below <see cref="MinLearningRate"/>), then
/// <see cref="Cooldown"/> evaluations pass before bad ones count again. Each evaluation of the trainer is one
/// <c>scheduler.step(val_loss)</c>.
/// </summary>
public sealed class ReduceOnPlateauSchedule : LearningRateSchedule
{
    private double _learningRate;
    private double _best = double.PositiveInfinity;
    private int _badEvaluations;
    private int _cooldownCounter;

    /// <summary>Creates the schedule; the arguments and defaults are PyTorch's.</summary>
    public ReduceOnPlateauSchedule(
        double baseLearningRate,
        double factor = 0.1,
        int patience = 10,
        double threshold = 1e-4,
        int cooldown = 0,
        double minLearningRate = 0,
        double epsilon = 1e-8
    )
        : base(baseLearningRate)
    {
        if (!(factor > 0 && factor < 1))
            throw new ArgumentOutOfRangeException(
                nameof(factor),
                $"ReduceOnPlateauSchedule: the factor must be in (0, 1); got {factor}."
            );
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
        Epsilon = epsilon;
        _learningRate = baseLearningRate;
    }

    /// <summary>The factor applied at each reduction.</summary>
    public double Factor { get; }

    /// <summary>The number of evaluations without improvement tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The relative improvement that counts as one.</summary>
    public double Threshold { get; }

    /// <summary>The number of evaluations after a reduction during which no bad evaluation is counted.</summary>
    public int Cooldown { get; }

    /// <summary>The floor of the learning rate.</summary>
    public double MinLearningRate { get; }

    /// <summary>Reductions smaller than this are skipped.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override double LearningRate(long step, int epoch) => _learningRate;

    /// <inheritdoc />
    public override void ReportValidationLoss(double loss)
    {
        if (loss < _best * (1 - Threshold))
        {
            _best = loss;
            _badEvaluations = 0;
        }
        else
            _badEvaluations++;

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _badEvaluations = 0;
        }

        if (_badEvaluations > Patience)
        {
            double reduced = Math.Max(_learningRate * Factor, MinLearningRate);
            if (_learningRate - reduced > Epsilon)
                _learningRate = reduced;
            _cooldownCounter = Cooldown;
            _badEvaluations = 0;
        }
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> ExportState() =>
        new Dictionary<string, string>
        {
            ["lr"] = Format(_learningRate),
            ["best"] = Format(_best),
            ["num_bad_epochs"] = _badEvaluations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["cooldown_counter"] = _cooldownCounter.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <inheritdoc />
    public override void ImportState(IReadOnlyDictionary<string, string> state)
    {
        _learningRate = ParseDouble(state, "lr");
        _best = ParseDouble(state, "best");
        _badEvaluations = (int)ParseDouble(state, "num_bad_epochs");
        _cooldownCounter = (int)ParseDouble(state, "cooldown_counter");
    }
}
