using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>The sum of every element, as a scalar tensor (shape <c>[]</c>), like <c>x.sum()</c>.</summary>
    public static Tensor Sum(Tensor x) => Reduce(x, mean: false);

    /// <summary>The mean of every element, as a scalar tensor (shape <c>[]</c>), like <c>x.mean()</c>.</summary>
    public static Tensor Mean(Tensor x) => Reduce(x, mean: true);

    /// <summary>The sum over the last axis: <c>[..., N] -> [...]</c>, like <c>x.sum(dim=-1)</c>.</summary>
    public static Tensor SumLast(Tensor x) => ReduceLast(x, "SumLast", mean: false);

    /// <summary>The mean over the last axis: <c>[..., N] -> [...]</c>, like <c>x.mean(dim=-1)</c>.</summary>
    public static Tensor MeanLast(Tensor x) => ReduceLast(x, "MeanLast", mean: true);

    private static Tensor Reduce(Tensor x, bool mean)
    {
        var y = Tape.NewOutput();
        // The mean of no elements is NaN, as in PyTorch.
        float scale = mean ? 1f / x.Length : 1f;
        SumForward(y.Span, x.Span, 1, x.Length, scale);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => SumBackward(Tape.GradOf(x).Span, y.Grad!.Span, 1, x.Length, scale));
        return y;
    }

    private static Tensor ReduceLast(Tensor x, string op, bool mean)
    {
        if (x.Rank < 1)
            throw new ShapeMismatchException(
                $"{op}: expects a tensor of rank 1 or more; got x {Shape.Format(x.Shape)}."
            );
        int n = x.Dim(-1);
        int rows = Shape.Elements(x.Shape[..^1]);
        var y = Tape.NewOutput(x.Shape[..^1].ToArray());
        float scale = mean ? 1f / n : 1f;
        SumForward(y.Span, x.Span, rows, n, scale);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => SumBackward(Tape.GradOf(x).Span, y.Grad!.Span, rows, n, scale));
        return y;
    }

    // y (R,) = scale * sum over the last axis of x (R,N)
    private static void SumForward(Span<float> y, ReadOnlySpan<float> x, int rows, int n, float scale)
    {
        for (int r = 0; r < rows; r++)
            y[r] = scale * TensorPrimitives.Sum(x.Slice(r * n, n));
    }

    // dx (R,N) += scale * dy (R,) broadcast along each row
    private static void SumBackward(Span<float> dx, ReadOnlySpan<float> dy, int rows, int n, float scale)
    {
        for (int r = 0; r < rows; r++)
        {
            var dxRow = dx.Slice(r * n, n);
            TensorPrimitives.Add(dxRow, scale * dy[r], dxRow);
        }
    }
}
