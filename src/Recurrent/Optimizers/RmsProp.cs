using Recurrent.Tensors;
using System.Numerics;

namespace Recurrent.Optimizers;

/// <summary>
/// RMSprop (char-rnn's default optimiser) with <c>torch.optim.RMSprop</c>'s update:
/// <code>
/// g = g + weight_decay * p
/// v = alpha * v + (1 - alpha) * g²
/// avg = sqrt(v - ḡ²) + eps  with ḡ = alpha * ḡ + (1 - alpha) * g  (centered)
/// avg = sqrt(v) + eps                                              (otherwise)
/// buf = momentum * buf + g / avg;  p = p - lr * buf                (momentum > 0)
/// p = p - lr * g / avg                                             (otherwise)
/// </code>
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly float[]?[] _squareAverages;
    private readonly float[]?[] _gradientAverages;
    private readonly float[]?[] _momentumBuffers;

    /// <summary>
    /// Creates the optimiser; the arguments mean what they mean to <c>torch.optim.RMSprop</c> (whose defaults these
    /// are).
    /// </summary>
    public RmsProp(
        IEnumerable<Tensor> parameters,
        double learningRate = 0.01,
        double alpha = 0.99,
        double epsilon = 1e-8,
        double weightDecay = 0,
        double momentum = 0,
        bool centered = false
    )
        : base(parameters, learningRate)
    {
        if (alpha is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(alpha), $"RmsProp: alpha must be in [0, 1]; got {alpha}.");
        if (epsilon < 0)
            throw new ArgumentOutOfRangeException(
                nameof(epsilon),
                $"RmsProp: epsilon must be non-negative; got {epsilon}."
            );
        if (momentum < 0)
            throw new ArgumentOutOfRangeException(
                nameof(momentum),
                $"RmsProp: momentum must be non-negative; got {momentum}."
            );
        if (weightDecay < 0)
            throw new ArgumentOutOfRangeException(
                nameof(weightDecay),
                $"RmsProp: weight decay must be non-negative; got {weightDecay}."
            );
        Alpha = alpha;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Momentum = momentum;
        Centered = centered;
        _squareAverages = new float[]?[Parameters.Count];
        _gradientAverages = new float[]?[Parameters.Count];
        _momentumBuffers = new float[]?[Parameters.Count];
    }

    /// <summary>The smoothing constant of the running average of squared gradients.</summary>
    public double Alpha { get; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }

    /// <summary>The L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>
    /// Whether the gradient is normalised by an estimate of its variance rather than its second moment.
    /// </summary>
    public bool Centered { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> gradient)
    {
        float wd = (float)WeightDecay,
            a = (float)Alpha,
            oneMinusA = (float)(1 - Alpha),
            eps = (float)Epsilon,
            m = (float)Momentum,
            negLr = (float)-LearningRate;
        var v = _squareAverages[index] ??= NewBuffer(index);
        var gAvg = Centered ? _gradientAverages[index] ??= NewBuffer(index) : null;
        var buf = Momentum > 0 ? _momentumBuffers[index] ??= NewBuffer(index) : null;

        // The same update as the scalar loop below, Vector<float>.Count lanes at a time, with the same roundings
        // (no fused multiply-adds), so both give identical bits.
        int j = 0;
        var vWd = new Vector<float>(wd);
        var vA = new Vector<float>(a);
        var vOneMinusA = new Vector<float>(oneMinusA);
        var vEps = new Vector<float>(eps);
        var vM = new Vector<float>(m);
        var vNegLr = new Vector<float>(negLr);
        for (; j <= p.Length - Vector<float>.Count; j += Vector<float>.Count)
        {
            var pj = new Vector<float>(p[j..]);
            var g = new Vector<float>(gradient[j..]);
            if (WeightDecay != 0)
                g += vWd * pj;
            var vj = new Vector<float>(v, j) * vA + vOneMinusA * (g * g);
            vj.CopyTo(v, j);
            Vector<float> avg;
            if (gAvg is not null)
            {
                var gj = new Vector<float>(gAvg, j) * vA + vOneMinusA * g;
                gj.CopyTo(gAvg, j);
                avg = Vector.SquareRoot(vj - gj * gj) + vEps;
            }
            else
                avg = Vector.SquareRoot(vj) + vEps;
            if (buf is not null)
            {
                var bj = new Vector<float>(buf, j) * vM + g / avg;
                bj.CopyTo(buf, j);
                (pj + vNegLr * bj).CopyTo(p[j..]);
            }
            else
                (pj + vNegLr * (g / avg)).CopyTo(p[j..]);
        }
        for (; j < p.Length; j++)
        {
            float g = WeightDecay != 0 ? gradient[j] + wd * p[j] : gradient[j];
            v[j] = v[j] * a + oneMinusA * (g * g);
            float avg;
            if (gAvg is not null)
            {
                gAvg[j] = gAvg[j] * a + oneMinusA * g;
                avg = MathF.Sqrt(v[j] - gAvg[j] * gAvg[j]) + eps;
            }
            else
                avg = MathF.Sqrt(v[j]) + eps;
            if (buf is not null)
            {
                buf[j] = buf[j] * m + g / avg;
                p[j] += negLr * buf[j];
            }
            else
                p[j] += negLr * (g / avg);
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Key, float[] Buffer)> Buffers() =>
        ListBuffers(_squareAverages, "square_avg")
            .Concat(ListBuffers(_gradientAverages, "grad_avg"))
            .Concat(ListBuffers(_momentumBuffers, "momentum_buffer"));

    /// <inheritdoc />
    protected override void Restore(
        IReadOnlyDictionary<string, float[]> buffers,
        IReadOnlyDictionary<string, long> counters
    )
    {
        RestoreBuffers(buffers, "square_avg").CopyTo(_squareAverages, 0);
        RestoreBuffers(buffers, "grad_avg").CopyTo(_gradientAverages, 0);
        RestoreBuffers(buffers, "momentum_buffer").CopyTo(_momentumBuffers, 0);
    }
}
