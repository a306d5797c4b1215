using Recurrent.Tensors;
using System.Numerics;

namespace Recurrent.Optimizers;

/// <summary>
/// Adam, optionally with AMSGrad, with <c>torch.optim.Adam</c>'s update, where <c>t</c> counts this parameter's
/// steps from 1:
/// <code>
/// g = g + weight_decay * p                      (L2 penalty, coupled; see AdamW for the decoupled form)
/// m = beta1 * m + (1 - beta1) * g
/// v = beta2 * v + (1 - beta2) * g²
/// v̂ = max(v̂, v) (amsgrad), else v̂ = v
/// p = p - lr / (1 - beta1^t) * m / (sqrt(v̂) / sqrt(1 - beta2^t) + eps)
/// </code>
/// </summary>
public class Adam : Optimizer
{
    private readonly float[]?[] _expAvg;
    private readonly float[]?[] _expAvgSq;
    private readonly float[]?[] _maxExpAvgSq;
    private readonly long[] _steps;

    /// <summary>
    /// Creates the optimiser; the arguments mean what they mean to <c>torch.optim.Adam</c> (whose defaults these are).
    /// </summary>
    public Adam(
        IEnumerable<Tensor> parameters,
        double learningRate = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-8,
        double weightDecay = 0,
        bool amsgrad = false
    )
        : base(parameters, learningRate)
    {
        if (beta1 is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(
                nameof(beta1),
                $"{GetType().Name}: beta1 must be in [0, 1); got {beta1}."
            );
        if (beta2 is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(
                nameof(beta2),
                $"{GetType().Name}: beta2 must be in [0, 1); got {beta2}."
            );
        if (epsilon < 0)
            throw new ArgumentOutOfRangeException(
                nameof(epsilon),
                $"{GetType().Name}: epsilon must be non-negative; got {epsilon}."
            );
        if (weightDecay < 0)
            throw new ArgumentOutOfRangeException(
                nameof(weightDecay),
                $"{GetType().Name}: weight decay must be non-negative; got {weightDecay}."
            );
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        AmsGrad = amsgrad;
        _expAvg = new float[]?[Parameters.Count];
        _expAvgSq = new float[]?[Parameters.Count];
        _maxExpAvgSq = new float[]?[Parameters.Count];
        _steps = new long[Parameters.Count];
    }

    /// <summary>The decay of the running average of the gradient.</summary>
    public double Beta1 { get; }

    /// <summary>The decay of the running average of the squared gradient.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }

    /// <summary>
    /// The weight decay: an L2 penalty added to the gradient (Adam) or a decoupled shrinking of the parameters (AdamW).
    /// </summary>
    public double WeightDecay { get; }

    /// <summary>Whether the maximum of the second-moment estimates is used (AMSGrad).</summary>
    public bool AmsGrad { get; }

    /// <summary>
    /// Whether the weight decay is decoupled from the gradient (AdamW) rather than added to it as an L2 penalty.
    /// </summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> gradient)
    {
        long step = ++_steps[index];
        var m = _expAvg[index] ??= NewBuffer(index);
        var v = _expAvgSq[index] ??= NewBuffer(index);
        var vMax = AmsGrad ? _maxExpAvgSq[index] ??= NewBuffer(index) : null;

        if (DecoupledWeightDecay && WeightDecay != 0)
        {
            float shrink = (float)(1 - LearningRate * WeightDecay);
            for (int k = 0; k < p.Length; k++)
                p[k] *= shrink;
        }

        float wd = DecoupledWeightDecay ? 0f : (float)WeightDecay;
        float b1 = (float)Beta1,
            oneMinusB1 = (float)(1 - Beta1),
            b2 = (float)Beta2,
            oneMinusB2 = (float)(1 - Beta2),
            eps = (float)Epsilon;
        double biasCorrection1 = 1 - Math.Pow(Beta1, step);
        double biasCorrection2 = 1 - Math.Pow(Beta2, step);
        float negStepSize = (float)-(LearningRate / biasCorrection1);
        float bc2Sqrt = (float)Math.Sqrt(biasCorrection2);

        // The same update as the scalar loop below, Vector<float>.Count lanes at a time, with the same roundings
        // (no fused multiply-adds), so both give identical bits.
        int j = 0;
        var vWd = new Vector<float>(wd);
        var vB1 = new Vector<float>(b1);
        var vOneMinusB1 = new Vector<float>(oneMinusB1);
        var vB2 = new Vector<float>(b2);
        var vOneMinusB2 = new Vector<float>(oneMinusB2);
        var vBc2Sqrt = new Vector<float>(bc2Sqrt);
        var vEps = new Vector<float>(eps);
        var vNegStepSize = new Vector<float>(negStepSize);
        for (; j <= p.Length - Vector<float>.Count; j += Vector<float>.Count)
        {
            var pj = new Vector<float>(p[j..]);
            var g = new Vector<float>(gradient[j..]);
            if (wd != 0)
                g += vWd * pj;
            var mj = new Vector<float>(m, j) * vB1 + vOneMinusB1 * g;
            var vj = new Vector<float>(v, j) * vB2 + vOneMinusB2 * (g * g);
            mj.CopyTo(m, j);
            vj.CopyTo(v, j);
            var second = vj;
            if (vMax is not null)
            {
                second = Vector.Max(new Vector<float>(vMax, j), vj);
                second.CopyTo(vMax, j);
            }
            var denom = Vector.SquareRoot(second) / vBc2Sqrt + vEps;
            (pj + vNegStepSize * (mj / denom)).CopyTo(p[j..]);
        }
        for (; j < p.Length; j++)
        {
            float g = wd != 0 ? gradient[j] + wd * p[j] : gradient[j];
            m[j] = m[j] * b1 + oneMinusB1 * g;
            v[j] = v[j] * b2 + oneMinusB2 * (g * g);
            float second = v[j];
            if (vMax is not null)
                second = vMax[j] = MathF.Max(vMax[j], v[j]);
            float denom = MathF.Sqrt(second) / bc2Sqrt + eps;
            p[j] += negStepSize * (m[j] / denom);
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Key, float[] Buffer)> Buffers() =>
        ListBuffers(_expAvg, "exp_avg")
            .Concat(ListBuffers(_expAvgSq, "exp_avg_sq"))
            .Concat(ListBuffers(_maxExpAvgSq, "max_exp_avg_sq"));

    /// <inheritdoc />
    protected override IEnumerable<(string Key, long Value)> Counters() =>
        _steps.Select((s, i) => (Key: $"{i}.step", Value: s)).Where(c => c.Value != 0);

    /// <inheritdoc />
    protected override void Restore(
        IReadOnlyDictionary<string, float[]> buffers,
        IReadOnlyDictionary<string, long> counters
    )
    {
        RestoreBuffers(buffers, "exp_avg").CopyTo(_expAvg, 0);
        RestoreBuffers(buffers, "exp_avg_sq").CopyTo(_expAvgSq, 0);
        RestoreBuffers(buffers, "max_exp_avg_sq").CopyTo(_maxExpAvgSq, 0);
        for (int i = 0; i < _steps.Length; i++)
            _steps[i] = counters.GetValueOrDefault($"{i}.step");
    }
}
