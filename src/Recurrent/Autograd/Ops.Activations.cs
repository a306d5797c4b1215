using Recurrent.Tensors;
using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>Elementwise hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x)
    {
        var y = Tape.NewOutput(x.Shape.ToArray());
        TanhForward(y.Span, x.Span);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => TanhBackward(Tape.GradOf(x).Span, y.Grad!.Span, y.Span));
        return y;
    }

    /// <summary>Elementwise logistic sigmoid <c>1 / (1 + exp(-x))</c>.</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        var y = Tape.NewOutput(x.Shape.ToArray());
        SigmoidForward(y.Span, x.Span);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => SigmoidBackward(Tape.GradOf(x).Span, y.Grad!.Span, y.Span));
        return y;
    }

    /// <summary>Elementwise rectifier <c>max(x, 0)</c>; its gradient at 0 is 0, as in PyTorch.</summary>
    public static Tensor Relu(Tensor x)
    {
        var y = Tape.NewOutput(x.Shape.ToArray());
        ReluForward(y.Span, x.Span);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => ReluBackward(Tape.GradOf(x).Span, y.Grad!.Span, y.Span));
        return y;
    }

    // y (N,) = tanh(x (N,))
    private static void TanhForward(Span<float> y, ReadOnlySpan<float> x)
    {
        TensorPrimitives.Tanh(x, y);
    }

    // dx (N,) += dy (N,) * (1 - y^2), with y = tanh(x) saved from the forward pass
    private static void TanhBackward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> y)
    {
        for (int i = 0; i < dx.Length; i++)
            dx[i] += dy[i] * (1f - y[i] * y[i]);
    }

    // y (N,) = sigmoid(x (N,))
    private static void SigmoidForward(Span<float> y, ReadOnlySpan<float> x)
    {
        TensorPrimitives.Sigmoid(x, y);
    }

    // dx (N,) += dy (N,) * y * (1 - y), with y = sigmoid(x) saved from the forward pass
    private static void SigmoidBackward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> y)
    {
        for (int i = 0; i < dx.Length; i++)
            dx[i] += dy[i] * y[i] * (1f - y[i]);
    }

    // y (N,) = max(x (N,), 0)
    private static void ReluForward(Span<float> y, ReadOnlySpan<float> x)
    {
        TensorPrimitives.Max(x, 0f, y);
    }

    // dx (N,) += dy (N,) where y > 0 (that is, where x > 0). A select rather than a branch: after batch
    // normalisation about half the inputs are positive, in no order a branch predictor could learn.
    private static void ReluBackward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> y)
    {
        int width = Vector<float>.Count,
            i = 0;
        for (; i <= dx.Length - width; i += width)
        {
            var passed = Vector.ConditionalSelect(
                Vector.GreaterThan(new Vector<float>(y[i..]), Vector<float>.Zero),
                new Vector<float>(dy[i..]),
                Vector<float>.Zero
            );
            (new Vector<float>(dx[i..]) + passed).CopyTo(dx[i..]);
        }
        for (; i < dx.Length; i++)
            if (y[i] > 0f)
                dx[i] += dy[i];
    }
}
