using System.Runtime.CompilerServices;

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
        int n = HiddenSize;
        RequireLength(xg, n, "W_ih x");
        RequireLength(hg, n, "W_hh h");
        RequireLength(bi, n, "b_ih");
        RequireLength(bh, n, "b_hh");
        RequireLength(saved, n, "saved activations");
        RequireLength(h, n, "h");
        int j = UseVector512 ? ForwardLanes<FloatVector512>(xg, hg, bi, bh, saved, h, 0) : 0;
        j = ForwardLanes<FloatVector>(xg, hg, bi, bh, saved, h, j);
        bool tanh = !Relu;
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
        int n = HiddenSize;
        RequireLength(saved, n, "saved activations");
        RequireLength(dh, n, "dh");
        RequireLength(dgx, n, "dgx");
        int j = UseVector512 ? BackwardLanes<FloatVector512>(saved, dh, dgx, 0) : 0;
        j = BackwardLanes<FloatVector>(saved, dh, dgx, j);
        bool tanh = !Relu;
        for (; j < n; j++)
        {
            dgx[j] =
                tanh ? dh[j] * (1f - saved[j] * saved[j])
                : saved[j] > 0f ? dh[j]
                : 0f;
            dh[j] = 0f;
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
            var pre = T.Load(xg, j) + T.Load(bi, j) + T.Load(hg, j) + T.Load(bh, j);
            var y = Relu ? T.Max(pre, default) : Tanh(pre);
            T.Store(saved, j, y);
            T.Store(h, j, y);
        }
        return j;
    }

    // Backward for hidden units [j, ...) a vector of T at a time while a whole one fits; returns the first unit left.
    [MethodImpl(MethodImplOptions.NoInlining)] // see IFloatVector
    private int BackwardLanes<T>(ReadOnlySpan<float> saved, Span<float> dh, Span<float> dgx, int j)
        where T : struct, IFloatVector<T>
    {
        int n = HiddenSize;
        for (; j <= n - T.Count; j += T.Count)
        {
            var y = T.Load(saved, j);
            var dhj = T.Load(dh, j);
            T.Store(dgx, j, Relu ? T.WherePositive(y, dhj) : dhj * (T.Create(1f) - y * y));
            T.Store(dh, j, default);
        }
        return j;
    }
}
