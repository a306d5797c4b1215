using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Inverted dropout, as PyTorch's <c>F.dropout</c> in training mode: each element is zeroed with probability
    /// <paramref name="p"/> and the survivors are scaled by <c>1 / (1 - p)</c>, so evaluation needs no rescaling.
    /// With <paramref name="p"/> = 0 the input is returned unchanged.
    /// </summary>
    public static Tensor Dropout(Tensor x, float p, RandomGenerator rng)
    {
        if (!(p >= 0f && p < 1f))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: p must be in [0, 1); got {p}.");
        if (p == 0f)
            return x;

        var mask = Tensor.Uninitialized(x.Shape.ToArray());
        Tape.Own(mask);
        var y = Tape.NewOutput(x.Shape.ToArray());
        DropoutForward(y.Span, mask.Span, x.Span, p, rng);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => DropoutBackward(Tape.GradOf(x).Span, y.Grad!.Span, mask.Span));
        else if (!Tape.IsRecording)
            mask.Dispose();
        return y;
    }

    // y, mask, x are (N,); mask holds 0 or 1/(1-p).
    private static void DropoutForward(
        Span<float> y,
        Span<float> mask,
        ReadOnlySpan<float> x,
        float p,
        RandomGenerator rng
    )
    {
        float scale = 1f / (1f - p);
        for (int i = 0; i < x.Length; i++)
        {
            mask[i] = rng.NextFloat() < p ? 0f : scale;
            y[i] = x[i] * mask[i];
        }
    }

    // dx (N,) += dy (N,) * mask (N,)
    private static void DropoutBackward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> mask)
    {
        for (int i = 0; i < dx.Length; i++)
            dx[i] += dy[i] * mask[i];
    }
}
