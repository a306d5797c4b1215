using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Losses;

public static partial class Loss
{
    /// <summary>
    /// Binary cross-entropy of logits against targets in [0, 1], the sigmoid fused in and computed stably as
    /// <c>max(x, 0) - x * t + log(1 + exp(-|x|))</c>, averaged over every element, like
    /// <c>F.binary_cross_entropy_with_logits</c>. Both tensors have the same shape; either may require a gradient.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        if (!Shape.SameAs(logits.Shape, targets.Shape))
            throw ShapeMismatchException.For(
                "BinaryCrossEntropyWithLogits",
                "shapes must be equal",
                "logits",
                logits.Shape,
                "targets",
                targets.Shape
            );

        // The mean of no elements is NaN, as in PyTorch.
        float scale = 1f / logits.Length;
        var loss = Tape.NewOutput();
        BinaryCrossEntropyWithLogitsForward(loss.Span, logits.Span, targets.Span, scale);
        if (Tape.ShouldRecord(logits, targets))
            Tape.Record(loss, () =>
                BinaryCrossEntropyWithLogitsBackward(
                    logits.RequiresGrad ? Tape.GradOf(logits).Span : default,
                    targets.RequiresGrad ? Tape.GradOf(targets).Span : default,
                    loss.Grad!.Span,
                    logits.Span,
                    targets.Span,
                    scale
                )
            );
        return loss;
    }

    // loss () = scale * sum max(x, 0) - x t + log(1 + exp(-|x|)) over x, t (N,)
    private static void BinaryCrossEntropyWithLogitsForward(
        Span<float> loss,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> t,
        float scale
    )
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            sum += Math.Max(xi, 0) - xi * t[i] + Math.Log(1 + Math.Exp(-Math.Abs(xi)));
        }
        loss[0] = (float)(sum * scale);
    }

    // dx (N,) += dloss * scale * (sigmoid(x) - t) ; dt (N,) += dloss * scale * -x.
    // An empty span means that input needs no gradient.
    private static void BinaryCrossEntropyWithLogitsBackward(
        Span<float> dx,
        Span<float> dt,
        ReadOnlySpan<float> dloss,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> t,
        float scale
    )
    {
        float g = scale * dloss[0];
        for (int i = 0; i < x.Length; i++)
        {
            if (!dx.IsEmpty)
                dx[i] += g * (1f / (1f + MathF.Exp(-x[i])) - t[i]);
            if (!dt.IsEmpty)
                dt[i] -= g * x[i];
        }
    }
}
