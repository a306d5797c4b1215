using Recurrent.Tensors;

namespace Recurrent.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, with
/// <c>torch.optim.SGD</c>'s update:
/// <code>
/// d = g + weight_decay * p
/// buf = d                                   (first step)
/// buf = momentum * buf + (1 - dampening) * d (later steps)
/// d = nesterov ? d + momentum * buf : buf
/// p = p - lr * d
/// </code>
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[]?[] _momentumBuffers;

    /// <summary>Creates the optimiser; the arguments mean what they mean to <c>torch.optim.SGD</c>.</summary>
    public Sgd(
        IEnumerable<Tensor> parameters,
        double learningRate,
        double momentum = 0,
        double dampening = 0,
        double weightDecay = 0,
        bool nesterov = false
    )
        : base(parameters, learningRate)
    {
        if (momentum < 0)
            throw new ArgumentOutOfRangeException(
                nameof(momentum),
                $"Sgd: momentum must be non-negative; got {momentum}."
            );
        if (weightDecay < 0)
            throw new ArgumentOutOfRangeException(
                nameof(weightDecay),
                $"Sgd: weight decay must be non-negative; got {weightDecay}."
            );
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException(
                "Sgd: Nesterov momentum requires a positive momentum and zero dampening.",
                nameof(nesterov)
            );
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentumBuffers = new float[]?[Parameters.Count];
    }

    /// <summary>The momentum factor (0 for plain SGD).</summary>
    public double Momentum { get; }

    /// <summary>The dampening of the momentum.</summary>
    public double Dampening { get; }

    /// <summary>The L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the momentum is Nesterov's.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> g)
    {
        float wd = (float)WeightDecay,
            m = (float)Momentum,
            keep = (float)(1 - Dampening),
            negLr = (float)-LearningRate;
        float[]? buf = null;
        bool first = false;
        if (Momentum != 0)
        {
            first = _momentumBuffers[index] is null;
            buf = _momentumBuffers[index] ??= NewBuffer(index);
        }
        for (int j = 0; j < p.Length; j++)
        {
            float d = WeightDecay != 0 ? g[j] + wd * p[j] : g[j];
            if (buf is not null)
            {
                buf[j] = first ? d : buf[j] * m + keep * d;
                d = Nesterov ? d + m * buf[j] : buf[j];
            }
            p[j] += negLr * d;
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Key, float[] Buffer)> Buffers() =>
        ListBuffers(_momentumBuffers, "momentum_buffer");

    /// <inheritdoc />
    protected override void Restore(
        IReadOnlyDictionary<string, float[]> buffers,
        IReadOnlyDictionary<string, long> counters
    ) => RestoreBuffers(buffers, "momentum_buffer").CopyTo(_momentumBuffers, 0);
}
