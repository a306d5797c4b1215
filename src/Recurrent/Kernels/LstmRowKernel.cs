using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recurrent.Kernels;

/// <summary>
/// The LSTM row kernel, gate blocks in PyTorch's order i, f, g, o:
/// <code>
/// i = sigmoid(xg_i + b_ii + hg_i + b_hi)   f = sigmoid(...f)   g = tanh(...g)   o = sigmoid(...o)
/// c' = f * c + i * g                          h' = o * tanh(c')
/// </code>
/// Saved per row: i, f, g, o, tanh(c') <c>[5H]</c>.
/// </summary>
internal sealed class LstmRowKernel(int hiddenSize) : RecurrentRowKernel(4, hiddenSize)
{
    /// <inheritdoc />
    public override int SavedWidth => 5 * HiddenSize;

    /// <inheritdoc />
    public override bool HasCellState => true;

    // xg, hg, bi, bh [4H]; saved [5H]; h, c [H] updated in place.
    /// <inheritdoc />
    public override void Forward(
        ReadOnlySpan<float> xg,
        ReadOnlySpan<float> hg,
        ReadOnlySpan<float> inputBias,
        ReadOnlySpan<float> hiddenBias,
        Span<float> saved,
        Span<float> h,
        Span<float> c
    )
    {
        int n = HiddenSize,
            width = Vector<float>.Count,
            j = 0;
        var bi = inputBias;
        var bh = hiddenBias;
        RequireLength(xg, 4 * n, "W_ih x");
        RequireLength(hg, 4 * n, "W_hh h");
        RequireLength(bi, 4 * n, "b_ih");
        RequireLength(bh, 4 * n, "b_hh");
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
    private static Vector<float> Pre(
        ReadOnlySpan<float> xg,
        ReadOnlySpan<float> hg,
        ReadOnlySpan<float> bi,
        ReadOnlySpan<float> bh,
        int k
    ) => Load(xg, k) + Load(bi, k) + Load(hg, k) + Load(bh, k);

    // dgx = dgh [4H]: gradients of the pre-activations of i, f, g, o. h_{t-1} reaches the loss only through W_hh.
    /// <inheritdoc />
    public override void Backward(
        ReadOnlySpan<float> saved,
        ReadOnlySpan<float> hPrev,
        ReadOnlySpan<float> cPrev,
        Span<float> dh,
        Span<float> dc,
        Span<float> dgx,
        Span<float> dgh
    )
    {
        int n = HiddenSize;
        RequireLength(saved, 5 * n, "saved activations");
        RequireLength(dgx, 4 * n, "dgx");
        var i = saved[..n];
        var f = saved.Slice(n, n);
        var g = saved.Slice(2 * n, n);
        var o = saved.Slice(3 * n, n);
        var tanhC = saved.Slice(4 * n, n);
        var di = dgx[..n];
        var df = dgx.Slice(n, n);
        var dg = dgx.Slice(2 * n, n);
        var dout = dgx.Slice(3 * n, n);
        int width = Vector<float>.Count,
            j = 0;
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
