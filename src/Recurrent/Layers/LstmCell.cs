using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Layers;

/// <summary>
/// A long short-term memory cell, exactly PyTorch's <c>nn.LSTMCell</c> (gate blocks in the order i, f, g, o):
/// <code>
/// i  = sigmoid(W_ii x + b_ii + W_hi h + b_hi)      input gate
/// f  = sigmoid(W_if x + b_if + W_hf h + b_hf)      forget gate
/// g  = tanh   (W_ig x + b_ig + W_hg h + b_hg)      candidate cell
/// o  = sigmoid(W_io x + b_io + W_ho h + b_ho)      output gate
/// c' = f * c + i * g
/// h' = o * tanh(c')
/// </code>
/// </summary>
public sealed class LstmCell : RecurrentCell
{
    /// <summary>Creates a cell with PyTorch's default initialisation drawn from <paramref name="rng"/>.</summary>
    public LstmCell(int inputSize, int hiddenSize, RandomGenerator? rng = null) : base(inputSize, hiddenSize, 4, rng) { }

    /// <inheritdoc />
    public override bool HasCellState => true;

    /// <summary>
    /// Sets the forget-gate bias so that <c>b_if + b_hf</c> equals <paramref name="value"/> (b_if = value,
    /// b_hf = 0): with 1 the cell starts out remembering, as Jozefowicz et al. (2015) recommend.
    /// </summary>
    public void SetForgetGateBias(float value)
    {
        int h = HiddenSize;
        BiasIH.Span.Slice(h, h).Fill(value);
        BiasHH.Span.Slice(h, h).Clear();
    }

    /// <inheritdoc />
    protected override void StepEquations(ReadOnlySpan<float> wx, ReadOnlySpan<float> wh, ReadOnlySpan<float> h, ReadOnlySpan<float> c,
        Span<float> hNext, Span<float> cNext, int batch)
    {
        int n = HiddenSize;
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < n; j++)
            {
                int row = b * 4 * n;
                float i = Sigmoid(wx[row + j] + wh[row + j]);
                float f = Sigmoid(wx[row + n + j] + wh[row + n + j]);
                float g = MathF.Tanh(wx[row + 2 * n + j] + wh[row + 2 * n + j]);
                float o = Sigmoid(wx[row + 3 * n + j] + wh[row + 3 * n + j]);
                float cj = f * c[b * n + j] + i * g;
                cNext[b * n + j] = cj;
                hNext[b * n + j] = o * MathF.Tanh(cj);
            }
    }

    // saved holds i, f, g, o, tanh(c') : [5H]
    internal override int SavedWidth => 5 * HiddenSize;

    // xg, hg are [4H]; saved [5H]; h, c [H] updated in place.
    internal override void ForwardRow(ReadOnlySpan<float> xg, ReadOnlySpan<float> hg, Span<float> saved, Span<float> h, Span<float> c)
    {
        int n = HiddenSize;
        var gates = saved[..(4 * n)];
        TensorPrimitives.Add(xg, hg, gates);
        TensorPrimitives.Add(gates, BiasHH.Span, gates);
        TensorPrimitives.Sigmoid(gates[..(2 * n)], gates[..(2 * n)]);
        TensorPrimitives.Tanh(gates.Slice(2 * n, n), gates.Slice(2 * n, n));
        TensorPrimitives.Sigmoid(gates.Slice(3 * n, n), gates.Slice(3 * n, n));
        var i = gates[..n];
        var f = gates.Slice(n, n);
        var g = gates.Slice(2 * n, n);
        var o = gates.Slice(3 * n, n);
        var tanhC = saved.Slice(4 * n, n);
        TensorPrimitives.Multiply(f, c, c);
        TensorPrimitives.MultiplyAdd(i, g, c, c);
        TensorPrimitives.Tanh(c, tanhC);
        TensorPrimitives.Multiply(o, tanhC, h);
    }

    // dgx = dgh [4H]: gradients of the pre-activations of i, f, g, o. h_{t-1} reaches the loss only through W_hh.
    internal override void BackwardRow(ReadOnlySpan<float> saved, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev,
        Span<float> dh, Span<float> dc, Span<float> dgx, Span<float> dgh)
    {
        int n = HiddenSize;
        var i = saved[..n];
        var f = saved.Slice(n, n);
        var g = saved.Slice(2 * n, n);
        var o = saved.Slice(3 * n, n);
        var tanhC = saved.Slice(4 * n, n);
        var di = dgx[..n];
        var df = dgx.Slice(n, n);
        var dg = dgx.Slice(2 * n, n);
        var dout = dgx.Slice(3 * n, n);
        for (int j = 0; j < n; j++)
        {
            float dhj = dh[j];
            // backprop through h' = o * tanh(c'), then c' = f * c + i * g
            float dcTotal = dc[j] + dhj * o[j] * (1f - tanhC[j] * tanhC[j]);
            di[j] = dcTotal * g[j] * i[j] * (1f - i[j]);
            df[j] = dcTotal * cPrev[j] * f[j] * (1f - f[j]);
            dg[j] = dcTotal * i[j] * (1f - g[j] * g[j]);
            dout[j] = dhj * tanhC[j] * o[j] * (1f - o[j]);
            dc[j] = dcTotal * f[j];
            dh[j] = 0f;
        }
    }
}
