using System.Numerics;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// An Elman recurrent cell, exactly PyTorch's <c>nn.RNNCell</c>:
/// <code>
/// h' = tanh(W_ih x + b_ih + W_hh h + b_hh)      (or relu instead of tanh)
/// </code>
/// </summary>
public sealed class RnnCell : RecurrentCell
{
    /// <summary>Creates a cell with PyTorch's default initialisation drawn from <paramref name="rng"/>.</summary>
    public RnnCell(int inputSize, int hiddenSize, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh, RandomGenerator? rng = null)
        : base(inputSize, hiddenSize, 1, rng)
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>The function applied to the sum of the two affine maps.</summary>
    public RnnNonlinearity Nonlinearity { get; }

    /// <inheritdoc />
    protected override void StepEquations(ReadOnlySpan<float> wx, ReadOnlySpan<float> wh, ReadOnlySpan<float> h, ReadOnlySpan<float> c,
        Span<float> hNext, Span<float> cNext, int batch)
    {
        for (int k = 0; k < batch * HiddenSize; k++)
        {
            float a = wx[k] + wh[k];
            hNext[k] = Nonlinearity == RnnNonlinearity.Tanh ? MathF.Tanh(a) : MathF.Max(a, 0f);
        }
    }

    // saved holds h' : [H]
    internal override int SavedWidth => HiddenSize;

    // xg, hg, saved, h are [H]: h' = tanh(xg + b_ih + hg + b_hh) (or relu), a vector of hidden units at a time.
    internal override void ForwardRow(ReadOnlySpan<float> xg, ReadOnlySpan<float> hg, Span<float> saved, Span<float> h, Span<float> c)
    {
        var bi = BiasIH.Span;
        var bh = BiasHH.Span;
        bool tanh = Nonlinearity == RnnNonlinearity.Tanh;
        int width = Vector<float>.Count, j = 0;
        int n = saved.Length;
        RequireLength(xg, n, "W_ih x");
        RequireLength(hg, n, "W_hh h");
        RequireLength(h, n, "h");
        for (; j <= n - width; j += width)
        {
            var pre = Load(xg, j) + Load(bi, j) + Load(hg, j) + Load(bh, j);
            var y = tanh ? Tanh(pre) : Vector.Max(pre, Vector<float>.Zero);
            Store(saved, j, y);
            Store(h, j, y);
        }
        for (; j < n; j++)
        {
            float pre = xg[j] + bi[j] + hg[j] + bh[j];
            saved[j] = h[j] = tanh ? MathF.Tanh(pre) : MathF.Max(pre, 0f);
        }
    }

    // dgx = dgh [H]: the gradient of the pre-activation, dL/dh * (1 - tanh^2) or dL/dh where relu passed; dh is
    // then zeroed for the recurrent product to accumulate dh_{t-1} into.
    internal override void BackwardRow(ReadOnlySpan<float> saved, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev,
        Span<float> dh, Span<float> dc, Span<float> dgx, Span<float> dgh)
    {
        bool tanh = Nonlinearity == RnnNonlinearity.Tanh;
        int width = Vector<float>.Count, j = 0;
        int n = saved.Length;
        RequireLength(dh, n, "dh");
        RequireLength(dgx, n, "dgx");
        for (; j <= n - width; j += width)
        {
            var y = Load(saved, j);
            var dhj = Load(dh, j);
            var d = tanh ? dhj * (Vector<float>.One - y * y) : Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<float>.Zero), dhj, Vector<float>.Zero);
            Store(dgx, j, d);
            Store(dh, j, Vector<float>.Zero);
        }
        for (; j < n; j++)
        {
            dgx[j] = tanh ? dh[j] * (1f - saved[j] * saved[j]) : saved[j] > 0f ? dh[j] : 0f;
            dh[j] = 0f;
        }
    }
}
