using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Joins tensors along the last axis: <c>[..., N1], [..., N2], ... -> [..., N1 + N2 + ...]</c>, like
    /// <c>torch.cat(parts, dim=-1)</c>. The leading axes of every part must be equal.
    /// </summary>
    public static Tensor Concat(params IReadOnlyList<Tensor> parts)
    {
        if (parts.Count == 0)
            throw new ArgumentException("Concat: needs at least one tensor.", nameof(parts));
        var first = parts[0];
        if (first.Rank < 1)
            throw new ShapeMismatchException(
                $"Concat: expects tensors of rank 1 or more; got part 0 {Shape.Format(first.Shape)}."
            );
        var leading = first.Shape[..^1];
        int total = 0;
        for (int p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            if (part.Rank != first.Rank || !Shape.SameAs(part.Shape[..^1], leading))
                throw ShapeMismatchException.For(
                    "Concat",
                    $"every axis but the last must be equal (part {p} differs from part 0)",
                    "part 0",
                    first.Shape,
                    $"part {p}",
                    part.Shape
                );
            total += part.Dim(-1);
        }

        var inputs = parts.ToArray();
        var outShape = first.Shape.ToArray();
        outShape[^1] = total;
        var y = Tape.NewOutput(outShape);
        int rows = Shape.Elements(leading);
        int offset = 0;
        var offsets = new int[inputs.Length];
        for (int p = 0; p < inputs.Length; p++)
        {
            offsets[p] = offset;
            ConcatForward(y.Span, inputs[p].Span, rows, inputs[p].Dim(-1), offset, total);
            offset += inputs[p].Dim(-1);
        }

        if (Tape.ShouldRecord(inputs))
            Tape.Record(y, () =>
            {
                for (int p = 0; p < inputs.Length; p++)
                    if (inputs[p].RequiresGrad)
                        ConcatBackward(
                            Tape.GradOf(inputs[p]).Span,
                            y.Grad!.Span,
                            rows,
                            inputs[p].Dim(-1),
                            offsets[p],
                            total
                        );
            });
        return y;
    }

    /// <summary>
    /// The columns <c>[start, start + length)</c> of the last axis: <c>[..., N] -> [..., length]</c>, like
    /// <c>x[..., start:start + length]</c> in PyTorch, but as a copy.
    /// </summary>
    public static Tensor SliceLast(Tensor x, int start, int length)
    {
        if (x.Rank < 1)
            throw new ShapeMismatchException(
                $"SliceLast: expects a tensor of rank 1 or more; got x {Shape.Format(x.Shape)}."
            );
        int n = x.Dim(-1);
        if (start < 0 || length < 0 || start > n - length)
            throw new ArgumentOutOfRangeException(
                nameof(start),
                $"SliceLast: columns [{start}, {start + length}) are outside the last axis of x "
                    + $"{Shape.Format(x.Shape)}."
            );

        var outShape = x.Shape.ToArray();
        outShape[^1] = length;
        var y = Tape.NewOutput(outShape);
        int rows = Shape.Elements(x.Shape[..^1]);
        SliceLastForward(y.Span, x.Span, rows, n, start, length);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => SliceLastBackward(Tape.GradOf(x).Span, y.Grad!.Span, rows, n, start, length));
        return y;
    }

    // y[:, offset:offset+W] (R,T) = x (R,W)
    private static void ConcatForward(Span<float> y, ReadOnlySpan<float> x, int rows, int width, int offset, int total)
    {
        for (int r = 0; r < rows; r++)
            x.Slice(r * width, width).CopyTo(y.Slice(r * total + offset, width));
    }

    // dx (R,W) += dy[:, offset:offset+W] (R,T)
    private static void ConcatBackward(
        Span<float> dx,
        ReadOnlySpan<float> dy,
        int rows,
        int width,
        int offset,
        int total
    )
    {
        for (int r = 0; r < rows; r++)
        {
            var dxRow = dx.Slice(r * width, width);
            TensorPrimitives.Add(dxRow, dy.Slice(r * total + offset, width), dxRow);
        }
    }

    // y (R,L) = x[:, start:start+L] (R,N)
    private static void SliceLastForward(Span<float> y, ReadOnlySpan<float> x, int rows, int n, int start, int length)
    {
        for (int r = 0; r < rows; r++)
            x.Slice(r * n + start, length).CopyTo(y.Slice(r * length, length));
    }

    // dx[:, start:start+L] (R,N) += dy (R,L)
    private static void SliceLastBackward(
        Span<float> dx,
        ReadOnlySpan<float> dy,
        int rows,
        int n,
        int start,
        int length
    )
    {
        for (int r = 0; r < rows; r++)
        {
            var dxRow = dx.Slice(r * n + start, length);
            TensorPrimitives.Add(dxRow, dy.Slice(r * length, length), dxRow);
        }
    }
}
