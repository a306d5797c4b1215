using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Elementwise sum <c>a + b</c> of two tensors of the same shape, or <c>a [..., N] + b [N]</c>, where the bias
    /// <paramref name="b"/> is broadcast over every row of <paramref name="a"/> (PyTorch's broadcasting of a bias).
    /// </summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        bool sameShape = Shape.SameAs(a.Shape, b.Shape);
        if (!sameShape && !(a.Rank >= 1 && b.Rank == 1 && b.Dim(0) == a.Dim(-1)))
            throw ShapeMismatchException.For(
                "Add",
                "shapes must be equal, or b must be [N] for a [..., N]",
                "a",
                a.Shape,
                "b",
                b.Shape
            );

        var c = Tape.NewOutput(a.Shape.ToArray());
        if (sameShape)
        {
            AddForward(c.Span, a.Span, b.Span);
            if (Tape.ShouldRecord(a, b))
                Tape.Record(c, () =>
                    AddBackward(
                        a.RequiresGrad ? Tape.GradOf(a).Span : default,
                        b.RequiresGrad ? Tape.GradOf(b).Span : default,
                        c.Grad!.Span
                    )
                );
        }
        else
        {
            int n = b.Length;
            int rows = a.Length / Math.Max(n, 1);
            AddBiasForward(c.Span, a.Span, b.Span, rows, n);
            if (Tape.ShouldRecord(a, b))
                Tape.Record(c, () =>
                    AddBiasBackward(
                        a.RequiresGrad ? Tape.GradOf(a).Span : default,
                        b.RequiresGrad ? Tape.GradOf(b).Span : default,
                        c.Grad!.Span,
                        rows,
                        n
                    )
                );
        }
        return c;
    }

    /// <summary>Elementwise (Hadamard) product <c>a * b</c> of two tensors of the same shape.</summary>
    public static Tensor Multiply(Tensor a, Tensor b)
    {
        if (!Shape.SameAs(a.Shape, b.Shape))
            throw ShapeMismatchException.For("Multiply", "shapes must be equal", "a", a.Shape, "b", b.Shape);

        var c = Tape.NewOutput(a.Shape.ToArray());
        MultiplyForward(c.Span, a.Span, b.Span);
        if (Tape.ShouldRecord(a, b))
            Tape.Record(c, () =>
                MultiplyBackward(
                    a.RequiresGrad ? Tape.GradOf(a).Span : default,
                    b.RequiresGrad ? Tape.GradOf(b).Span : default,
                    c.Grad!.Span,
                    a.Span,
                    b.Span
                )
            );
        return c;
    }

    // c (N,) = a (N,) + b (N,)
    private static void AddForward(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        TensorPrimitives.Add(a, b, c);
    }

    // da (N,) += dc (N,) ; db (N,) += dc (N,). An empty span means that input needs no gradient.
    private static void AddBackward(Span<float> da, Span<float> db, ReadOnlySpan<float> dc)
    {
        if (!da.IsEmpty)
            TensorPrimitives.Add(da, dc, da);
        if (!db.IsEmpty)
            TensorPrimitives.Add(db, dc, db);
    }

    // c (R,N) = a (R,N) + b (N,) broadcast over rows
    private static void AddBiasForward(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int rows, int n)
    {
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(a.Slice(r * n, n), b, c.Slice(r * n, n));
    }

    // da (R,N) += dc (R,N) ; db (N,) += sum over rows of dc (R,N)
    private static void AddBiasBackward(Span<float> da, Span<float> db, ReadOnlySpan<float> dc, int rows, int n)
    {
        if (!da.IsEmpty)
            TensorPrimitives.Add(da, dc, da);
        if (!db.IsEmpty)
            for (int r = 0; r < rows; r++)
                TensorPrimitives.Add(db, dc.Slice(r * n, n), db);
    }

    // c (N,) = a (N,) * b (N,)
    private static void MultiplyForward(Span<float> c, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        TensorPrimitives.Multiply(a, b, c);
    }

    // da (N,) += dc (N,) * b (N,) ; db (N,) += dc (N,) * a (N,)
    private static void MultiplyBackward(
        Span<float> da,
        Span<float> db,
        ReadOnlySpan<float> dc,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b
    )
    {
        if (!da.IsEmpty)
            TensorPrimitives.FusedMultiplyAdd(dc, b, da, da);
        if (!db.IsEmpty)
            TensorPrimitives.FusedMultiplyAdd(dc, a, db, db);
    }
}
