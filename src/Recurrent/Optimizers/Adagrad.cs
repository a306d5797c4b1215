using Recurrent.Tensors;

namespace Recurrent.Optimizers;

/// <summary>
/// Adagrad (min-char-rnn's optimiser) with <c>torch.optim.Adagrad</c>'s update, where <c>t</c> counts this
/// parameter's steps from 1:
/// <code>
/// g = g + weight_decay * p
/// clr = lr / (1 + (t - 1) * lr_decay)
/// sum = sum + g²            (sum starts at initial_accumulator_value)
/// p = p - clr * g / (sqrt(sum) + eps)
/// </code>
/// </summary>
public sealed class Adagrad : Optimizer
{
    private readonly float[]?[] _sums;
    private readonly long[] _steps;

    /// <summary>
    /// Creates the optimiser; the arguments mean what they mean to <c>torch.optim.Adagrad</c> (whose defaults these
    /// are).
    /// </summary>
    public Adagrad(
        IEnumerable<Tensor> parameters,
        double learningRate = 0.01,
        double learningRateDecay = 0,
        double weightDecay = 0,
        double initialAccumulatorValue = 0,
        double epsilon = 1e-10
    )
        : base(parameters, learningRate)
    {
        if (learningRateDecay < 0)
            throw new ArgumentOutOfRangeException(
                nameof(learningRateDecay),
                $"Adagrad: the learning-rate decay must be non-negative; got {learningRateDecay}."
            );
        if (weightDecay < 0)
            throw new ArgumentOutOfRangeException(
                nameof(weightDecay),
                $"Adagrad: weight decay must be non-negative; got {weightDecay}."
            );
        if (initialAccumulatorValue < 0)
            throw new ArgumentOutOfRangeException(
                nameof(initialAccumulatorValue),
                $"Adagrad: the initial accumulator value must be non-negative; got {initialAccumulatorValue}."
            );
        if (epsilon < 0)
            throw new ArgumentOutOfRangeException(
                nameof(epsilon),
                $"Adagrad: epsilon must be non-negative; got {epsilon}."
            );
        LearningRateDecay = learningRateDecay;
        WeightDecay = weightDecay;
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = epsilon;
        _sums = new float[]?[Parameters.Count];
        _steps = new long[Parameters.Count];
    }

    /// <summary>The decay of the learning rate per step.</summary>
    public double LearningRateDecay { get; }

    /// <summary>The L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>The starting value of the sum of squared gradients.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> gradient)
    {
        long step = ++_steps[index];
        if (_sums[index] is null)
        {
            _sums[index] = NewBuffer(index);
            Array.Fill(_sums[index]!, (float)InitialAccumulatorValue);
        }
        var sum = _sums[index]!;
        float wd = (float)WeightDecay,
            eps = (float)Epsilon;
        float negClr = (float)-(LearningRate / (1 + (step - 1) * LearningRateDecay));
        for (int j = 0; j < p.Length; j++)
        {
            float g = WeightDecay != 0 ? gradient[j] + wd * p[j] : gradient[j];
            sum[j] += g * g;
            p[j] += negClr * (g / (MathF.Sqrt(sum[j]) + eps));
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Key, float[] Buffer)> Buffers() => ListBuffers(_sums, "sum");

    /// <inheritdoc />
    protected override IEnumerable<(string Key, long Value)> Counters() =>
        _steps.Select((s, i) => (Key: $"{i}.step", Value: s)).Where(c => c.Value != 0);

    /// <inheritdoc />
    protected override void Restore(
        IReadOnlyDictionary<string, float[]> buffers,
        IReadOnlyDictionary<string, long> counters
    )
    {
        RestoreBuffers(buffers, "sum").CopyTo(_sums, 0);
        for (int i = 0; i < _steps.Length; i++)
            _steps[i] = counters.GetValueOrDefault($"{i}.step");
    }
}
