using System.Numerics;

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
        int n = HiddenSize,
            width = Vector<float>.Count,
            j = 0;
        var bi = inputBias;
        var bh = hiddenBias;
        RequireLength(xg, 3 * n, "W_ih x");
        RequireLength(hg, 3 * n, "W_hh h");
        RequireLength(bi, 3 * n, "b_ih");
        RequireLength(bh, 3 * n, "b_hh");
        RequireLength(saved, 4 * n, "saved activations");
        RequireLength(h, n, "h");
        for (; j <= n - width; j += width)
        {
            var r = Sigmoid(Load(xg, j) + Load(bi, j) + Load(hg, j) + Load(bh, j));
            var z = Sigmoid(Load(xg, n + j) + Load(bi, n + j) + Load(hg, n + j) + Load(bh, n + j));
            var hn = Load(hg, 2 * n + j) + Load(bh, 2 * n + j);
            var candidate = Tanh(Load(xg, 2 * n + j) + Load(bi, 2 * n + j) + r * hn);
            Store(saved, j, r);
            Store(saved, n + j, z);
            Store(saved, 2 * n + j, candidate);
            Store(saved, 3 * n + j, hn);
            // h' = n + z * (h - n)
            Store(h, j, candidate + z * (Load(h, j) - candidate));
        }
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
        int width = Vector<float>.Count,
            j = 0;
        var one = Vector<float>.One;
        // backprop through h' = (1 - z) * n + z * h, then n = tanh(xn + r * hn), a vector of hidden units at a time
        RequireLength(hPrev, n, "h_{t-1}");
        RequireLength(dh, n, "dh");
        RequireLength(dgx, 3 * n, "dgx");
        RequireLength(dgh, 3 * n, "dgh");
        for (; j <= n - width; j += width)
        {
            var dhj = Load(dh, j);
            var vr = Load(r, j);
            var vz = Load(z, j);
            var vn = Load(candidate, j);
            var dnPre = dhj * (one - vz) * (one - vn * vn);
            var dzPre = dhj * (Load(hPrev, j) - vn) * vz * (one - vz);
            var drPre = dnPre * Load(hn, j) * vr * (one - vr);
            Store(dgx, j, drPre);
            Store(dgx, n + j, dzPre);
            Store(dgx, 2 * n + j, dnPre);
            Store(dgh, j, drPre);
            Store(dgh, n + j, dzPre);
            Store(dgh, 2 * n + j, dnPre * vr);
            Store(dh, j, dhj * vz);
        }
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
}
