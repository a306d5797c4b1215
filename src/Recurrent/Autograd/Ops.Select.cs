using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Entry <paramref name="index"/> of the first axis, as a copy on the tape: <c>[N, ...] -> [...]</c>, like
    /// <c>x[index]</c> (<c>x.select(0, index)</c>) in PyTorch, e.g. the last layer's final hidden state
    /// <c>Select(state.H, layers - 1)</c>. The tensor indexer <c>x[index]</c> is a view the tape does not see: no
    /// gradient flows back through it.
    /// </summary>
    public static Tensor Select(Tensor x, int index)
    {
        if (x.Rank < 1)
            throw new ShapeMismatchException(
                $"Select: expects a tensor of rank 1 or more; got x {Shape.Format(x.Shape)}."
            );
        if ((uint)index >= (uint)x.Dim(0))
            throw new ArgumentOutOfRangeException(
                nameof(index),
                $"Select: index {index} is outside the first axis of x {Shape.Format(x.Shape)}."
            );
        var y = Tape.NewOutput(x.Shape[1..].ToArray());
        int width = y.Length;
        SelectForward(y.Span, x.Span, index, width);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => SelectBackward(Tape.GradOf(x).Span, y.Grad!.Span, index, width));
        return y;
    }

    // y (W) = x[index] (N,W)
    private static void SelectForward(Span<float> y, ReadOnlySpan<float> x, int index, int width) =>
        x.Slice(index * width, width).CopyTo(y);

    // dx[index] (N,W) += dy (W)
    private static void SelectBackward(Span<float> dx, ReadOnlySpan<float> dy, int index, int width)
    {
        var dxEntry = dx.Slice(index * width, width);
        TensorPrimitives.Add(dxEntry, dy, dxEntry);
    }
}
