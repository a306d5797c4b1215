using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// One step of a recurrent network, <c>(state, x) -> state</c>, with PyTorch's parameters and layout:
/// <c>weight_ih [G*H, I]</c>, <c>weight_hh [G*H, H]</c>, <c>bias_ih [G*H]</c>, <c>bias_hh [G*H]</c>, where G is the
/// number of gate blocks stacked along the first axis (1 for <see cref="RnnCell"/>, 4 for <see cref="LstmCell"/>,
/// 3 for <see cref="GruCell"/>); a cell made without biases (PyTorch's <c>bias=False</c>) has neither bias.
/// <see cref="Step"/> is the plain single step with the equations; the fused sequence
/// kernels that <see cref="RecurrentLayer"/> runs (all steps forward, and backpropagation through time) are built
/// from the cell's row kernels and tested against <see cref="Step"/>.
/// </summary>
public abstract class RecurrentCell : Module
{
    /// <summary>Creates the parameters and fills them with PyTorch's default uniform(-1/sqrt(H), 1/sqrt(H)).</summary>
    protected RecurrentCell(int inputSize, int hiddenSize, int gateCount, bool bias, RandomGenerator? rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        GateCount = gateCount;
        WeightIH = Parameter("weight_ih", gateCount * hiddenSize, inputSize);
        WeightHH = Parameter("weight_hh", gateCount * hiddenSize, hiddenSize);
        if (bias)
        {
            BiasIH = Parameter("bias_ih", gateCount * hiddenSize);
            BiasHH = Parameter("bias_hh", gateCount * hiddenSize);
        }
        ResetParameters(rng ?? new RandomGenerator((ulong)Random.Shared.NextInt64()));
    }

    /// <summary>The width I of an input vector.</summary>
    public int InputSize { get; }

    /// <summary>The width H of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>The number G of gate blocks of H rows in the weights.</summary>
    public int GateCount { get; }

    /// <summary>Whether the cell carries a cell state <c>c</c> besides <c>h</c> (LSTM).</summary>
    public virtual bool HasCellState => false;

    /// <summary>The input-to-hidden weights <c>[G*H, I]</c> (PyTorch's <c>weight_ih</c>).</summary>
    public Tensor WeightIH { get; }

    /// <summary>The hidden-to-hidden weights <c>[G*H, H]</c> (PyTorch's <c>weight_hh</c>).</summary>
    public Tensor WeightHH { get; }

    /// <summary>The input-to-hidden bias <c>[G*H]</c> (PyTorch's <c>bias_ih</c>), or null without biases.</summary>
    public Tensor? BiasIH { get; }

    /// <summary>The hidden-to-hidden bias <c>[G*H]</c> (PyTorch's <c>bias_hh</c>), or null without biases.</summary>
    public Tensor? BiasHH { get; }

    /// <summary>Whether the cell has the biases <c>bias_ih</c> and <c>bias_hh</c> (PyTorch's <c>bias</c>).</summary>
    public bool HasBias => BiasIH is not null;

    /// <summary>Refills every parameter with PyTorch's default, uniform(-1/sqrt(H), 1/sqrt(H)).</summary>
    public void ResetParameters(RandomGenerator rng)
    {
        float bound = 1f / MathF.Sqrt(HiddenSize);
        foreach (var p in Parameters())
            rng.FillUniform(p.Span, -bound, bound);
    }

    /// <summary>
    /// Makes each H x H gate block of <see cref="WeightHH"/> a random orthogonal matrix (the Q of a QR
    /// decomposition of a Gaussian matrix, as <c>nn.init.orthogonal_</c> applied per block).
    /// </summary>
    public void InitOrthogonalRecurrent(RandomGenerator rng)
    {
        int h = HiddenSize;
        var q = new double[h * h];
        var w = WeightHH.Span;
        for (int gate = 0; gate < GateCount; gate++)
        {
            for (int i = 0; i < q.Length; i++)
                q[i] = rng.NextGaussian();
            OrthonormalizeRows(q, h);
            for (int i = 0; i < q.Length; i++)
                w[gate * h * h + i] = (float)q[i];
        }
    }

    // Modified Gram-Schmidt on the rows of an n x n matrix; a Gaussian matrix has full rank almost surely.
    private static void OrthonormalizeRows(double[] m, int n)
    {
        for (int i = 0; i < n; i++)
        {
            var row = m.AsSpan(i * n, n);
            for (int j = 0; j < i; j++)
            {
                var prev = m.AsSpan(j * n, n);
                double dot = 0;
                for (int k = 0; k < n; k++)
                    dot += row[k] * prev[k];
                for (int k = 0; k < n; k++)
                    row[k] -= dot * prev[k];
            }
            double norm = 0;
            for (int k = 0; k < n; k++)
                norm += row[k] * row[k];
            norm = Math.Sqrt(norm);
            for (int k = 0; k < n; k++)
                row[k] /= norm;
        }
    }

    /// <summary>
    /// One plain step for a batch: reads <paramref name="x"/> <c>[B, I]</c>, <paramref name="h"/> <c>[B, H]</c> and,
    /// for a cell with a cell state, <paramref name="c"/> <c>[B, H]</c>; writes the next state into
    /// <paramref name="hNext"/> and <paramref name="cNext"/> (ignored, may be empty, without a cell state).
    /// It allocates; <see cref="RecurrentLayer.Step"/> is the allocation-free fused path.
    /// </summary>
    public void Step(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> h,
        ReadOnlySpan<float> c,
        Span<float> hNext,
        Span<float> cNext,
        int batch
    )
    {
        int gh = GateCount * HiddenSize;
        if (
            x.Length != batch * InputSize
            || h.Length != batch * HiddenSize
            || hNext.Length != batch * HiddenSize
            || (HasCellState && (c.Length != batch * HiddenSize || cNext.Length != batch * HiddenSize))
        )
            throw new ShapeMismatchException(
                $"{this}.Step: expects x [{batch}, {InputSize}] and states [{batch}, {HiddenSize}]; got x of "
                    + $"{x.Length} values and h of {h.Length}."
            );
        // wx = x W_ih^T + b_ih and wh = h W_hh^T + b_hh, each [B, G*H]
        var wx = new float[batch * gh];
        var wh = new float[batch * gh];
        Gemm.Multiply(false, true, batch, gh, InputSize, 1f, x, InputSize, WeightIH.Span, InputSize, 0f, wx, gh);
        Gemm.Multiply(false, true, batch, gh, HiddenSize, 1f, h, HiddenSize, WeightHH.Span, HiddenSize, 0f, wh, gh);
        if (BiasIH is not null && BiasHH is not null)
            for (int b = 0; b < batch; b++)
                for (int j = 0; j < gh; j++)
                {
                    wx[b * gh + j] += BiasIH.Span[j];
                    wh[b * gh + j] += BiasHH.Span[j];
                }
        StepEquations(wx, wh, h, c, hNext, cNext, batch);
    }

    /// <summary>
    /// The cell's equations for one step, element by element, given the two affine maps
    /// <c>wx = W_ih x + b_ih</c> and <c>wh = W_hh h + b_hh</c>, each <c>[B, G*H]</c>.
    /// </summary>
    protected abstract void StepEquations(
        ReadOnlySpan<float> wx,
        ReadOnlySpan<float> wh,
        ReadOnlySpan<float> h,
        ReadOnlySpan<float> c,
        Span<float> hNext,
        Span<float> cNext,
        int batch
    );

    /// <summary>The cell's equations fused for one batch row, which the sequence kernels run at every step.</summary>
    internal abstract RecurrentRowKernel RowKernel { get; }

    /// <summary>Names the cell and its sizes, for error messages.</summary>
    public override string ToString() => $"{GetType().Name}(input {InputSize}, hidden {HiddenSize})";

    /// <summary>The logistic function 1 / (1 + e^-x).</summary>
    protected static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
