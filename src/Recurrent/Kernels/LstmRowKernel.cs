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
        int n = HiddenSize;
        var bi = inputBias;
        var bh = hiddenBias;
        RequireLength(xg, 4 * n, "W_ih x");
        RequireLength(hg, 4 * n, "W_hh h");
        RequireLength(bi, 4 * n, "b_ih");
        RequireLength(bh, 4 * n, "b_hh");
        RequireLength(saved, 5 * n, "saved activations");
        RequireLength(h, n, "h");
        RequireLength(c, n, "c");
        int j = UseVector512 ? ForwardLanes<FloatVector512>(xg, hg, bi, bh, saved, h, c, 0) : 0;
        j = ForwardLanes<FloatVector>(xg, hg, bi, bh, saved, h, c, j);
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

    // Hidden units [j, ...) a vector of T at a time while a whole one fits; returns the first unit left.
    [MethodImpl(MethodImplOptions.NoInlining)] // see IFloatVector
    private int ForwardLanes<T>(
        ReadOnlySpan<float> xg,
        ReadOnlySpan<float> hg,
        ReadOnlySpan<float> bi,
        ReadOnlySpan<float> bh,
        Span<float> saved,
        Span<float> h,
        Span<float> c,
        int j
    )
        where T : struct, IFloatVector<T>
    {
        int n = HiddenSize;
        for (; j <= n - T.Count; j += T.Count)
        {
            var i = Sigmoid(Pre<T>(xg, hg, bi, bh, j));
            var f = Sigmoid(Pre<T>(xg, hg, bi, bh, n + j));
            var g = Tanh(Pre<T>(xg, hg, bi, bh, 2 * n + j));
            var o = Sigmoid(Pre<T>(xg, hg, bi, bh, 3 * n + j));
            var cNext = f * T.Load(c, j) + i * g;
            var tanhC = Tanh(cNext);
            T.Store(saved, j, i);
            T.Store(saved, n + j, f);
            T.Store(saved, 2 * n + j, g);
            T.Store(saved, 3 * n + j, o);
            T.Store(saved, 4 * n + j, tanhC);
            T.Store(c, j, cNext);
            T.Store(h, j, o * tanhC);
        }
        return j;
    }

    // W_ih x (in xg) + b_ih + W_hh h (in hg) + b_hh, for the lanes starting at k.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Pre<T>(
        ReadOnlySpan<float> xg,
        ReadOnlySpan<float> hg,
        ReadOnlySpan<float> bi,
        ReadOnlySpan<float> bh,
        int k
    )
        where T : struct, IFloatVector<T> => T.Load(xg, k) + T.Load(bi, k) + T.Load(hg, k) + T.Load(bh, k);

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
        RequireLength(cPrev, n, "c_{t-1}");
        RequireLength(dh, n, "dh");
        RequireLength(dc, n, "dc");
        int j = UseVector512 ? BackwardLanes<FloatVector512>(saved, cPrev, dh, dc, dgx, 0) : 0;
        j = BackwardLanes<FloatVector>(saved, cPrev, dh, dc, dgx, j);
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

    // Backward for hidden units [j, ...) a vector of T at a time, while a whole one fits: through h' = o * tanh(c'),
    // then c' = f * c + i * g. Returns the first unit left.
    [MethodImpl(MethodImplOptions.NoInlining)] // see IFloatVector
    private int BackwardLanes<T>(
        ReadOnlySpan<float> saved,
        ReadOnlySpan<float> cPrev,
        Span<float> dh,
        Span<float> dc,
        Span<float> dgx,
        int j
    )
        where T : struct, IFloatVector<T>
    {
        int n = HiddenSize;
        var one = T.Create(1f);
        for (; j <= n - T.Count; j += T.Count)
        {
            var dhj = T.Load(dh, j);
            var vi = T.Load(saved, j);
            var vf = T.Load(saved, n + j);
            var vg = T.Load(saved, 2 * n + j);
            var vo = T.Load(saved, 3 * n + j);
            var vt = T.Load(saved, 4 * n + j);
            var dcTotal = T.Load(dc, j) + dhj * vo * (one - vt * vt);
            T.Store(dgx, j, dcTotal * vg * vi * (one - vi));
            T.Store(dgx, n + j, dcTotal * T.Load(cPrev, j) * vf * (one - vf));
            T.Store(dgx, 2 * n + j, dcTotal * vi * (one - vg * vg));
            T.Store(dgx, 3 * n + j, dhj * vt * vo * (one - vo));
            T.Store(dc, j, dcTotal * vf);
            T.Store(dh, j, default);
        }
        return j;
    }
}
