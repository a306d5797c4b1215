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

    // xg, hg are [3H]; saved [4H]; h [H] updated in place.
    internal override void ForwardRow(ReadOnlySpan<float> xg, ReadOnlySpan<float> hg, Span<float> saved, Span<float> h, Span<float> c)
    {
        int n = HiddenSize;
        var bias = BiasHH.Span;
        var rz = saved[..(2 * n)];
        var candidate = saved.Slice(2 * n, n);
        var hn = saved.Slice(3 * n, n);
        TensorPrimitives.Add(xg[..(2 * n)], hg[..(2 * n)], rz);
        TensorPrimitives.Add(rz, bias[..(2 * n)], rz);
        TensorPrimitives.Sigmoid(rz, rz);
        TensorPrimitives.Add(hg.Slice(2 * n, n), bias.Slice(2 * n, n), hn);
        TensorPrimitives.MultiplyAdd(rz[..n], hn, xg.Slice(2 * n, n), candidate);
        TensorPrimitives.Tanh(candidate, candidate);
        // h' = n + z * (h - n)
        TensorPrimitives.Subtract(h, candidate, h);
        TensorPrimitives.MultiplyAdd(h, rz.Slice(n, n), candidate, h);
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
        for (int j = 0; j < n; j++)
        {
            float dhj = dh[j];
            // backprop through h' = (1 - z) * n + z * h, then n = tanh(xn + r * hn)
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
