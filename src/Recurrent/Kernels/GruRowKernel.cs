using System.Runtime.CompilerServices;

namespace Recurrent.Kernels;

/// <summary>
/// The GRU row kernel, gate blocks in PyTorch's order r, z, n, the reset gate multiplying <c>W_hn h + b_hn</c>:
/// <code>
/// r = sigmoid(xg_r + b_ir + hg_r + b_hr)   z = sigmoid(xg_z + b_iz + hg_z + b_hz)
/// n = tanh(xg_n + b_in + r * (hg_n + b_hn))   h' = (1 - z) * n + z * h
/// </code>
/// Saved per row: r, z, n, <c>W_hn h + b_hn</c> <c>[4H]</c>.
/// </summary>
internal sealed class GruRowKernel(int hiddenSize) : RecurrentRowKernel(3, hiddenSize)
{
    /// <inheritdoc />
    public override int SavedWidth => 4 * HiddenSize;

    /// <inheritdoc />
    public override bool SeparateRecurrentGradient => true;

    // xg, hg, bi, bh [3H]; saved [4H]; h [H] updated in place; c unused.
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
        RequireLength(xg, 3 * n, "W_ih x");
        RequireLength(hg, 3 * n, "W_hh h");
        RequireLength(bi, 3 * n, "b_ih");
        RequireLength(bh, 3 * n, "b_hh");
        RequireLength(saved, 4 * n, "saved activations");
        RequireLength(h, n, "h");
        int j = UseVector512 ? ForwardLanes<FloatVector512>(xg, hg, bi, bh, saved, h, 0) : 0;
        j = ForwardLanes<FloatVector>(xg, hg, bi, bh, saved, h, j);
        for (; j < n; j++)
        {
            float r = Sigmoid(xg[j] + bi[j] + hg[j] + bh[j]);
            float z = Sigmoid(xg[n + j] + bi[n + j] + hg[n + j] + bh[n + j]);
            float hn = hg[2 * n + j] + bh[2 * n + j];
            float candidate = MathF.Tanh(xg[2 * n + j] + bi[2 * n + j] + r * hn);
            saved[j] = r;
            saved[n + j] = z;
            saved[2 * n + j] = candidate;
            saved[3 * n + j] = hn;
            h[j] = candidate + z * (h[j] - candidate);
        }
    }

    // dgx [3H] for W_ih x + b_ih; dgh [3H] for W_hh h + b_hh, which differs in the n block by the factor r.
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
        RequireLength(saved, 4 * n, "saved activations");
        var r = saved[..n];
        var z = saved.Slice(n, n);
        var candidate = saved.Slice(2 * n, n);
        var hn = saved.Slice(3 * n, n);
        RequireLength(hPrev, n, "h_{t-1}");
        RequireLength(dh, n, "dh");
        RequireLength(dgx, 3 * n, "dgx");
        RequireLength(dgh, 3 * n, "dgh");
        int j = UseVector512 ? BackwardLanes<FloatVector512>(saved, hPrev, dh, dgx, dgh, 0) : 0;
        j = BackwardLanes<FloatVector>(saved, hPrev, dh, dgx, dgh, j);
        for (; j < n; j++)
        {
            float dhj = dh[j];
            float dnPre = dhj * (1f - z[j]) * (1f - candidate[j] * candidate[j]);
            float dzPre = dhj * (hPrev[j] - candidate[j]) * z[j] * (1f - z[j]);
            float drPre = dnPre * hn[j] * r[j] * (1f - r[j]);
            dgx[j] = drPre;
            dgx[n + j] = dzPre;
            dgx[2 * n + j] = dnPre;
            dgh[j] = drPre;
            dgh[n + j] = dzPre;
            dgh[2 * n + j] = dnPre * r[j];
            dh[j] = dhj * z[j];
        }
    }

    // Forward for hidden units [j, ...) a vector of T at a time while a whole one fits; returns the first unit left.
    [MethodImpl(MethodImplOptions.NoInlining)] // see IFloatVector
    private int ForwardLanes<T>(
        ReadOnlySpan<float> xg,
        ReadOnlySpan<float> hg,
        ReadOnlySpan<float> bi,
        ReadOnlySpan<float> bh,
        Span<float> saved,
        Span<float> h,
        int j
    )
        where T : struct, IFloatVector<T>
    {
        int n = HiddenSize;
        for (; j <= n - T.Count; j += T.Count)
        {
            var r = Sigmoid(T.Load(xg, j) + T.Load(bi, j) + T.Load(hg, j) + T.Load(bh, j));
            var z = Sigmoid(T.Load(xg, n + j) + T.Load(bi, n + j) + T.Load(hg, n + j) + T.Load(bh, n + j));
            var hn = T.Load(hg, 2 * n + j) + T.Load(bh, 2 * n + j);
            var candidate = Tanh(T.Load(xg, 2 * n + j) + T.Load(bi, 2 * n + j) + r * hn);
            T.Store(saved, j, r);
            T.Store(saved, n + j, z);
            T.Store(saved, 2 * n + j, candidate);
            T.Store(saved, 3 * n + j, hn);
            // h' = n + z * (h - n)
            T.Store(h, j, candidate + z * (T.Load(h, j) - candidate));
        }
        return j;
    }

    // Backward for hidden units [j, ...) a vector of T at a time, while a whole one fits: through
    // h' = (1 - z) * n + z * h, then n = tanh(xn + r * hn). Returns the first unit left.
    [MethodImpl(MethodImplOptions.NoInlining)] // see IFloatVector
    private int BackwardLanes<T>(
        ReadOnlySpan<float> saved,
        ReadOnlySpan<float> hPrev,
        Span<float> dh,
        Span<float> dgx,
        Span<float> dgh,
        int j
    )
        where T : struct, IFloatVector<T>
    {
        int n = HiddenSize;
        var one = T.Create(1f);
        for (; j <= n - T.Count; j += T.Count)
        {
            var dhj = T.Load(dh, j);
            var vr = T.Load(saved, j);
            var vz = T.Load(saved, n + j);
            var vn = T.Load(saved, 2 * n + j);
            var dnPre = dhj * (one - vz) * (one - vn * vn);
            var dzPre = dhj * (T.Load(hPrev, j) - vn) * vz * (one - vz);
            var drPre = dnPre * T.Load(saved, 3 * n + j) * vr * (one - vr);
            T.Store(dgx, j, drPre);
            T.Store(dgx, n + j, dzPre);
            T.Store(dgx, 2 * n + j, dnPre);
            T.Store(dgh, j, drPre);
            T.Store(dgh, n + j, dzPre);
            T.Store(dgh, 2 * n + j, dnPre * vr);
            T.Store(dh, j, dhj * vz);
        }
        return j;
    }
}
