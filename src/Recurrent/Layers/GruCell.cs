using System.Numerics;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Layers;

/// <summary>
/// A gated recurrent unit, exactly PyTorch's <c>nn.GRUCell</c> (gate blocks in the order r, z, n; the reset gate
/// multiplies <c>W_hn h + b_hn</c>, as in cuDNN):
/// <code>
/// r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)      reset gate
/// z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)      update gate
/// n  = tanh   (W_in x + b_in + r * (W_hn h + b_hn)) candidate
/// h' = (1 - z) * n + z * h
/// </code>
/// </summary>
public sealed class GruCell : RecurrentCell
{
    /// <summary>Creates a cell with PyTorch's default initialisation drawn from <paramref name="rng"/>.</summary>
    public GruCell(int inputSize, int hiddenSize, RandomGenerator? rng = null) : base(inputSize, hiddenSize, 3, rng) { }

    /// <inheritdoc />
    protected override void StepEquations(ReadOnlySpan<float> wx, ReadOnlySpan<float> wh, ReadOnlySpan<float> h, ReadOnlySpan<float> c,
        Span<float> hNext, Span<float> cNext, int batch)
    {
        int n = HiddenSize;
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < n; j++)
            {
                int row = b * 3 * n;
                float r = Sigmoid(wx[row + j] + wh[row + j]);
                float z = Sigmoid(wx[row + n + j] + wh[row + n + j]);
                float candidate = MathF.Tanh(wx[row + 2 * n + j] + r * wh[row + 2 * n + j]);
                hNext[b * n + j] = (1f - z) * candidate + z * h[b * n + j];
            }
    }

    // saved holds r, z, n, W_hn h + b_hn : [4H]
    internal override int SavedWidth => 4 * HiddenSize;

    internal override bool SeparateRecurrentGradient => true;

    // xg, hg are [3H]; saved [4H] (r, z, n, W_hn h + b_hn); h [H] updated in place. One pass over the hidden
    // units, a vector of them at a time, with the equations of the class comment.
    internal override void ForwardRow(ReadOnlySpan<float> xg, ReadOnlySpan<float> hg, Span<float> saved, Span<float> h, Span<float> c)
    {
        int n = HiddenSize, width = Vector<float>.Count, j = 0;
        var bi = BiasIH.Span;
        var bh = BiasHH.Span;
        for (; j <= n - width; j += width)
        {
            var r = Sigmoid(new Vector<float>(xg[j..]) + new Vector<float>(bi[j..]) + new Vector<float>(hg[j..]) + new Vector<float>(bh[j..]));
            var z = Sigmoid(new Vector<float>(xg[(n + j)..]) + new Vector<float>(bi[(n + j)..]) + new Vector<float>(hg[(n + j)..])
                + new Vector<float>(bh[(n + j)..]));
            var hn = new Vector<float>(hg[(2 * n + j)..]) + new Vector<float>(bh[(2 * n + j)..]);
            var candidate = Tanh(new Vector<float>(xg[(2 * n + j)..]) + new Vector<float>(bi[(2 * n + j)..]) + r * hn);
            r.CopyTo(saved[j..]);
            z.CopyTo(saved[(n + j)..]);
            candidate.CopyTo(saved[(2 * n + j)..]);
            hn.CopyTo(saved[(3 * n + j)..]);
            // h' = n + z * (h - n)
            (candidate + z * (new Vector<float>(h[j..]) - candidate)).CopyTo(h[j..]);
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
    internal override void BackwardRow(ReadOnlySpan<float> saved, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev,
        Span<float> dh, Span<float> dc, Span<float> dgx, Span<float> dgh)
    {
        int n = HiddenSize;
        var r = saved[..n];
        var z = saved.Slice(n, n);
        var candidate = saved.Slice(2 * n, n);
        var hn = saved.Slice(3 * n, n);
        int width = Vector<float>.Count, j = 0;
        var one = Vector<float>.One;
        // backprop through h' = (1 - z) * n + z * h, then n = tanh(xn + r * hn), a vector of hidden units at a time
        for (; j <= n - width; j += width)
        {
            var dhj = new Vector<float>(dh[j..]);
            var vr = new Vector<float>(r[j..]);
            var vz = new Vector<float>(z[j..]);
            var vn = new Vector<float>(candidate[j..]);
            var dnPre = dhj * (one - vz) * (one - vn * vn);
            var dzPre = dhj * (new Vector<float>(hPrev[j..]) - vn) * vz * (one - vz);
            var drPre = dnPre * new Vector<float>(hn[j..]) * vr * (one - vr);
            drPre.CopyTo(dgx[j..]);
            dzPre.CopyTo(dgx[(n + j)..]);
            dnPre.CopyTo(dgx[(2 * n + j)..]);
            drPre.CopyTo(dgh[j..]);
            dzPre.CopyTo(dgh[(n + j)..]);
            (dnPre * vr).CopyTo(dgh[(2 * n + j)..]);
            (dhj * vz).CopyTo(dh[j..]);
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
