using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Recurrent.Tensors;

namespace Recurrent.Kernels;

/// <summary>
/// General matrix multiply on row-major float32 matrices: <c>C = alpha * op(A) * op(B) + beta * C</c>, where
/// <c>op(X)</c> is <c>X</c> or its transpose. <c>op(A)</c> is M x K, <c>op(B)</c> is K x N and C is M x N; each
/// matrix is given with its row stride (leading dimension), so a block of a larger matrix can be used in place.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// Computes <c>C = alpha * op(A) * op(B) + beta * C</c>. When <paramref name="beta"/> is 0, C is overwritten
    /// (NaNs in it do not propagate), as in BLAS.
    /// </summary>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        ValidateArguments(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;

        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0f) row.Clear();
            else if (beta != 1f) TensorPrimitives.Multiply(row, beta, row);
        }
        if (k == 0 || alpha == 0f) return;

        for (int i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * ldc, n);
            for (int p = 0; p < k; p++)
            {
                float aip = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p]);
                if (!transposeB)
                {
                    TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), aip, cRow, cRow);
                }
                else
                {
                    for (int j = 0; j < n; j++)
                        cRow[j] += aip * b[j * ldb + p];
                }
            }
        }
    }

    /// <summary>
    /// Multiplies 2-D tensors: <c>c = alpha * op(a) * op(b) + beta * c</c>, checking their shapes first.
    /// </summary>
    public static void Multiply(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor c, float alpha = 1f, float beta = 0f)
    {
        if (a.Rank != 2 || b.Rank != 2 || c.Rank != 2)
            throw new ShapeMismatchException($"Gemm: expects 2-D tensors; got A {Shape.Format(a.Shape)}, B {Shape.Format(b.Shape)}, C {Shape.Format(c.Shape)}.");
        int m = transposeA ? a.Dim(1) : a.Dim(0);
        int k = transposeA ? a.Dim(0) : a.Dim(1);
        int kb = transposeB ? b.Dim(1) : b.Dim(0);
        int n = transposeB ? b.Dim(0) : b.Dim(1);
        if (k != kb)
            throw ShapeMismatchException.For("Gemm", "the inner dimensions of op(A) and op(B) differ", "A", a.Shape, "B", b.Shape);
        if (c.Dim(0) != m || c.Dim(1) != n)
            throw ShapeMismatchException.For("Gemm", $"C must be [{m}, {n}]", "op(A)*op(B) from A", a.Shape, "C", c.Shape);
        Multiply(transposeA, transposeB, m, n, k, alpha, a.Span, a.Dim(1), b.Span, b.Dim(1), beta, c.Span, c.Dim(1));
    }

    private static void ValidateArguments(bool transposeA, bool transposeB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"Gemm: negative size m={m}, n={n}, k={k}.");
        int aRows = transposeA ? k : m, aCols = transposeA ? m : k;
        int bRows = transposeB ? n : k, bCols = transposeB ? k : n;
        CheckMatrix("A", aRows, aCols, aLength, lda);
        CheckMatrix("B", bRows, bCols, bLength, ldb);
        CheckMatrix("C", m, n, cLength, ldc);
    }

    private static void CheckMatrix(string name, int rows, int cols, int length, int ld)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < cols)
            throw new ArgumentException($"Gemm: leading dimension of {name} is {ld}, less than its {cols} columns.");
        long needed = (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException($"Gemm: {name} is {rows}x{cols} with leading dimension {ld} and needs {needed} elements, but its span has {length}.");
    }
}
