using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Losses;

public static partial class Loss
{
    /// <summary>
    /// The mean of the squared differences, <c>mean((prediction - target)^2)</c>, like <c>F.mse_loss</c>. Both
    /// tensors have the same shape; either may require a gradient.
    /// </summary>
    public static Tensor MeanSquaredError(Tensor prediction, Tensor target)
    {
        if (!Shape.SameAs(prediction.Shape, target.Shape))
            throw ShapeMismatchException.For(
                "MeanSquaredError",
                "shapes must be equal",
                "prediction",
                prediction.Shape,
                "target",
                target.Shape
            );

        // The mean of no elements is NaN, as in PyTorch.
        float scale = 1f / prediction.Length;
        var loss = Tape.NewOutput();
        MeanSquaredErrorForward(loss.Span, prediction.Span, target.Span, scale);
        if (Tape.ShouldRecord(prediction, target))
            Tape.Record(loss, () =>
                MeanSquaredErrorBackward(
                    prediction.RequiresGrad ? Tape.GradOf(prediction).Span : default,
                    target.RequiresGrad ? Tape.GradOf(target).Span : default,
                    loss.Grad!.Span,
                    prediction.Span,
                    target.Span,
                    scale
                )
            );
        return loss;
    }

    // loss () = scale * sum (p - t)^2 over p, t (N,)
    private static void MeanSquaredErrorForward(
        Span<float> loss,
        ReadOnlySpan<float> p,
        ReadOnlySpan<float> t,
        float scale
    )
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double d = p[i] - t[i];
            sum += d * d;
        }
        loss[0] = (float)(sum * scale);
    }

    // dp (N,) += dloss * scale * 2 (p - t) ; dt (N,) -= the same. An empty span means that input needs no gradient.
    private static void MeanSquaredErrorBackward(
        Span<float> dp,
        Span<float> dt,
        ReadOnlySpan<float> dloss,
        ReadOnlySpan<float> p,
        ReadOnlySpan<float> t,
        float scale
    )
    {
        float g = 2f * scale * dloss[0];
        for (int i = 0; i < p.Length; i++)
        {
            float d = g * (p[i] - t[i]);
            if (!dp.IsEmpty)
                dp[i] += d;
            if (!dt.IsEmpty)
                dt[i] -= d;
        }
    }
}
