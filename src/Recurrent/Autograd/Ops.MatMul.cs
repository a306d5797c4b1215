using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Matrix product over the last axis: <c>a [..., K] x b [K, N] -> [..., N]</c>, or with
    /// <paramref name="transposeB"/>, <c>a [..., K] x b[N, K]^T</c> (PyTorch's <c>F.linear</c> weight layout).
    /// Leading axes of <paramref name="a"/> are flattened into rows.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeB = false)
    {
        if (a.Rank < 1 || b.Rank != 2)
            throw new ShapeMismatchException(
                $"MatMul: expects a [..., K] and b 2-D; got a {Shape.Format(a.Shape)} and b {Shape.Format(b.Shape)}."
            );
        int k = a.Dim(-1);
        int kb = transposeB ? b.Dim(1) : b.Dim(0);
        int n = transposeB ? b.Dim(0) : b.Dim(1);
        if (k != kb)
            throw ShapeMismatchException.For(
                "MatMul",
                transposeB
                    ? "the last axis of a must equal the second axis of b"
                    : "the last axis of a must equal the first axis of b",
                "a",
                a.Shape,
                "b",
                b.Shape
            );
        int m = a.Length / Math.Max(k, 1);
        if (k == 0)
            m = a.Rank == 1 ? 1 : Shape.Elements(a.Shape[..^1]);

        var outShape = a.Shape.ToArray();
        outShape[^1] = n;
        var c = Tape.NewOutput(outShape);
        MatMulForward(c.Span, a.Span, b.Span, m, k, n, transposeB);

        if (Tape.ShouldRecord(a, b))
            Tape.Record(c, () =>
                MatMulBackward(
                    a.RequiresGrad ? Tape.GradOf(a).Span : default,
                    b.RequiresGrad ? Tape.GradOf(b).Span : default,
                    c.Grad!.Span,
                    a.Span,
                    b.Span,
                    m,
                    k,
                    n,
                    transposeB
                )
            );
        return c;
    }

    // c is (M,N), a is (M,K), b is (K,N), or (N,K) when transposed.
    private static void MatMulForward(
        Span<float> c,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        int m,
        int k,
        int n,
        bool transposeB
    )
    {
        Gemm.Multiply(false, transposeB, m, n, k, 1f, a, k, b, transposeB ? k : n, 0f, c, n);
    }

    // da (M,K) += dc (M,N) * op(b)^T ; db (K,N) += a^T * dc, or db (N,K) += dc^T * a when transposed.
    // An empty span means that input needs no gradient.
    private static void MatMulBackward(
        Span<float> da,
        Span<float> db,
        ReadOnlySpan<float> dc,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        int m,
        int k,
        int n,
        bool transposeB
    )
    {
        if (!da.IsEmpty)
            Gemm.Multiply(false, !transposeB, m, k, n, 1f, dc, n, b, transposeB ? k : n, 1f, da, k);
        if (!db.IsEmpty)
        {
            if (transposeB)
                Gemm.Multiply(true, false, n, k, m, 1f, dc, n, a, k, 1f, db, k);
            else
                Gemm.Multiply(true, false, k, n, m, 1f, a, k, dc, n, 1f, db, n);
        }
    }
}
