using System.Numerics;

namespace Recurrent.Kernels;

/// <summary>
/// The Elman row kernel: <c>h' = tanh(xg + b_ih + hg + b_hh)</c>, or relu instead of tanh. Saved per row: h'
/// <c>[H]</c>.
/// </summary>
internal sealed class RnnRowKernel(int hiddenSize, bool relu) : RecurrentRowKernel(1, hiddenSize)
{
    /// <summary>Whether the nonlinearity is relu rather than tanh.</summary>
    public bool Relu { get; } = relu;

    /// <inheritdoc />
    public override int SavedWidth => HiddenSize;

    // xg, hg, bi, bh, saved, h [H]; c unused.
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
        var bi = inputBias;
        var bh = hiddenBias;
        bool tanh = !Relu;
        int width = Vector<float>.Count,
            j = 0;
        int n = HiddenSize;
        RequireLength(xg, n, "W_ih x");
        RequireLength(hg, n, "W_hh h");
        RequireLength(bi, n, "b_ih");
        RequireLength(bh, n, "b_hh");
        RequireLength(saved, n, "saved activations");
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
        bool tanh = !Relu;
        int width = Vector<float>.Count,
            j = 0;
        int n = HiddenSize;
        RequireLength(saved, n, "saved activations");
        RequireLength(dh, n, "dh");
        RequireLength(dgx, n, "dgx");
        for (; j <= n - width; j += width)
        {
            var y = Load(saved, j);
            var dhj = Load(dh, j);
            var d = tanh
                ? dhj * (Vector<float>.One - y * y)
                : Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<float>.Zero), dhj, Vector<float>.Zero);
            Store(dgx, j, d);
            Store(dh, j, Vector<float>.Zero);
        }
        for (; j < n; j++)
        {
            dgx[j] =
                tanh ? dh[j] * (1f - saved[j] * saved[j])
                : saved[j] > 0f ? dh[j]
                : 0f;
            dh[j] = 0f;
        }
    }
}
