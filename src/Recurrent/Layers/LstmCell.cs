using System.Numerics;
using System.Runtime.CompilerServices;
using Recurrent.Tensors;

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

    // xg, hg are [4H]; saved [5H]; h, c [H] updated in place. One pass over the hidden units, a vector of them at a
    // time, with the equations of the class comment.
    internal override void ForwardRow(ReadOnlySpan<float> xg, ReadOnlySpan<float> hg, Span<float> saved, Span<float> h, Span<float> c)
    {
        int n = HiddenSize, width = Vector<float>.Count, j = 0;
        var bi = BiasIH.Span;
        var bh = BiasHH.Span;
        RequireLength(xg, 4 * n, "W_ih x");
        RequireLength(hg, 4 * n, "W_hh h");
        RequireLength(saved, 5 * n, "saved activations");
        RequireLength(h, n, "h");
        RequireLength(c, n, "c");
        for (; j <= n - width; j += width)
        {
            var i = Sigmoid(Pre(xg, hg, bi, bh, j));
            var f = Sigmoid(Pre(xg, hg, bi, bh, n + j));
            var g = Tanh(Pre(xg, hg, bi, bh, 2 * n + j));
            var o = Sigmoid(Pre(xg, hg, bi, bh, 3 * n + j));
            var cNext = f * Load(c, j) + i * g;
            var tanhC = Tanh(cNext);
            Store(saved, j, i);
            Store(saved, n + j, f);
            Store(saved, 2 * n + j, g);
            Store(saved, 3 * n + j, o);
            Store(saved, 4 * n + j, tanhC);
            Store(c, j, cNext);
            Store(h, j, o * tanhC);
        }
        for (; j < n; j++)
        {
            float i = Sigmoid(xg[j] + bi[j] + hg[j] + bh[j]);
            float f = Sigmoid(xg[n + j] + bi[n + j] + hg[n + j] + bh[n + j]);
            float g = MathF.Tanh(xg[2 * n + j] + bi[2 * n + j] + hg[2 * n + j] + bh[2 * n + j]);
            float o = Sigmoid(xg[3 * n + j] + bi[3 * n + j] + hg[3 * n + j] + bh[3 * n + j]);
            float cNext = f * c[j] + i * g;
            float tanhC = MathF.Tanh(cNext);
            saved[j] = i;
            saved[n + j] = f;
            saved[2 * n + j] = g;
            saved[3 * n + j] = o;
            saved[4 * n + j] = tanhC;
            c[j] = cNext;
            h[j] = o * tanhC;
        }
    }

    // W_ih x (in xg) + b_ih + W_hh h (in hg) + b_hh, for the lanes starting at k.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Pre(ReadOnlySpan<float> xg, ReadOnlySpan<float> hg, ReadOnlySpan<float> bi, ReadOnlySpan<float> bh, int k) =>
        Load(xg, k) + Load(bi, k) + Load(hg, k) + Load(bh, k);

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
        int width = Vector<float>.Count, j = 0;
        var one = Vector<float>.One;
        RequireLength(cPrev, n, "c_{t-1}");
        RequireLength(dh, n, "dh");
        RequireLength(dc, n, "dc");
        // backprop through h' = o * tanh(c'), then c' = f * c + i * g, a vector of hidden units at a time
        for (; j <= n - width; j += width)
        {
            var dhj = Load(dh, j);
            var vi = Load(i, j);
            var vf = Load(f, j);
            var vg = Load(g, j);
            var vo = Load(o, j);
            var vt = Load(tanhC, j);
            var dcTotal = Load(dc, j) + dhj * vo * (one - vt * vt);
            Store(di, j, dcTotal * vg * vi * (one - vi));
            Store(df, j, dcTotal * Load(cPrev, j) * vf * (one - vf));
            Store(dg, j, dcTotal * vi * (one - vg * vg));
            Store(dout, j, dhj * vt * vo * (one - vo));
            Store(dc, j, dcTotal * vf);
            Store(dh, j, Vector<float>.Zero);
        }
        for (; j < n; j++)
        {
            float dhj = dh[j];
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
