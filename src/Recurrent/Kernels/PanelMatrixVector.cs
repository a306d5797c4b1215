using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// The product <c>y = W x</c> of a <see cref="PanelMatrix"/> and a float vector: each panel of eight rows is eight
/// dot products over one sequential run of weights, eight independent FMA chains sharing each load of x. Large
/// matrices are split between threads by panels. Allocates nothing; one product at a time per matrix (it copies x
/// into the matrix's padded buffer).
/// </summary>
public static class PanelMatrixVector
{
    // A share of less than about this many weights is not worth waking another thread for (see Gemm).
    private const int MinWeightsPerThread = 1 << 18;

    /// <summary>
    /// Writes <c>y[r] = Σ_c W[r, c] x[c]</c> for every row r: <paramref name="x"/> has
    /// <see cref="PanelMatrix.Columns"/> values, <paramref name="y"/> <see cref="PanelMatrix.Rows"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void Multiply(PanelMatrix matrix, ReadOnlySpan<float> x, Span<float> y) =>
        Multiply(matrix, x, y, Vector512.IsHardwareAccelerated);

    /// <summary>As <see cref="Multiply(PanelMatrix, ReadOnlySpan{float}, Span{float})"/> with 512-bit or 256-bit
    /// vectors, so that tests reach both on any CPU.</summary>
    internal static unsafe void Multiply(PanelMatrix matrix, ReadOnlySpan<float> x, Span<float> y, bool vector512)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (x.Length != matrix.Columns || y.Length != matrix.Rows)
            throw new ArgumentException(
                $"PanelMatrixVector.Multiply: a [{matrix.Rows}, {matrix.Columns}] matrix takes x [{matrix.Columns}] "
                    + $"and writes y [{matrix.Rows}]; got x [{x.Length}] and y [{y.Length}]."
            );
        var paddedX = matrix.PaddedX;
        x.CopyTo(paddedX);
        // A last panel of fewer than eight rows writes its eight sums here; only its real rows go on to y.
        Span<float> lastPanel = stackalloc float[PanelMatrix.PanelRows];
        fixed (float* w = matrix.Values)
        fixed (float* xp = paddedX)
        fixed (float* yp = y)
        fixed (float* tail = lastPanel)
        {
            var body = new PanelRange
            {
                Weights = w,
                X = xp,
                Y = yp,
                Tail = tail,
                Rows = matrix.Rows,
                Columns = matrix.PaddedColumns,
                Vector512 = vector512,
            };
            long weights = (long)matrix.Panels * PanelMatrix.PanelRows * matrix.PaddedColumns;
            if (weights < 2L * MinWeightsPerThread)
                body.Run(0, matrix.Panels);
            else
                ParallelLoop.For(
                    matrix.Panels,
                    ref body,
                    Math.Max(1, MinWeightsPerThread / (PanelMatrix.PanelRows * matrix.PaddedColumns))
                );
        }
        int full = matrix.Rows / PanelMatrix.PanelRows * PanelMatrix.PanelRows;
        lastPanel[..(matrix.Rows - full)].CopyTo(y[full..]);
    }

    private unsafe struct PanelRange : IParallelBody
    {
        public float* Weights;
        public float* X;
        public float* Y;
        public float* Tail;
        public int Rows;
        public int Columns;
        public bool Vector512;

        public readonly void Run(int start, int end)
        {
            int panelSize = PanelMatrix.PanelRows * Columns;
            for (int p = start; p < end; p++)
            {
                int row = p * PanelMatrix.PanelRows;
                float* y = row + PanelMatrix.PanelRows <= Rows ? Y + row : Tail;
                var sums = Vector512
                    ? Panel512(Weights + (long)p * panelSize, X, Columns)
                    : Panel256(Weights + (long)p * panelSize, X, Columns);
                sums.Store(y);
            }
        }
    }

    // The eight rows' sums of one panel, 16 columns per step: w holds [Columns / 16, 8, 16].
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe Vector256<float> Panel512(float* w, float* x, int columns)
    {
        Vector512<float> s0 = default,
            s1 = default,
            s2 = default,
            s3 = default;
        Vector512<float> s4 = default,
            s5 = default,
            s6 = default,
            s7 = default;
        for (int c = 0; c < columns; c += 16, w += 128)
        {
            var xv = Vector512.Load(x + c);
            s0 = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(w), s0);
            s1 = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(w + 16), s1);
            s2 = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(w + 32), s2);
            s3 = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(w + 48), s3);
            s4 = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(w + 64), s4);
            s5 = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(w + 80), s5);
            s6 = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(w + 96), s6);
            s7 = Vector512.FusedMultiplyAdd(xv, Vector512.LoadAligned(w + 112), s7);
        }
        return HorizontalSums.Of(s0, s1, s2, s3, s4, s5, s6, s7);
    }

    // The same in 256-bit halves: each row's block is two vectors, added into one accumulator per row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe Vector256<float> Panel256(float* w, float* x, int columns)
    {
        Vector256<float> s0 = default,
            s1 = default,
            s2 = default,
            s3 = default;
        Vector256<float> s4 = default,
            s5 = default,
            s6 = default,
            s7 = default;
        for (int c = 0; c < columns; c += 16, w += 128)
        {
            var lo = Vector256.Load(x + c);
            var hi = Vector256.Load(x + c + 8);
            s0 = Block256(w, lo, hi, s0);
            s1 = Block256(w + 16, lo, hi, s1);
            s2 = Block256(w + 32, lo, hi, s2);
            s3 = Block256(w + 48, lo, hi, s3);
            s4 = Block256(w + 64, lo, hi, s4);
            s5 = Block256(w + 80, lo, hi, s5);
            s6 = Block256(w + 96, lo, hi, s6);
            s7 = Block256(w + 112, lo, hi, s7);
        }
        return HorizontalSums.Of(s0, s1, s2, s3, s4, s5, s6, s7);
    }

    // sum + one row's 16-column block times x's, in two halves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Block256(
        float* w,
        Vector256<float> lo,
        Vector256<float> hi,
        Vector256<float> sum
    ) => Vector256.FusedMultiplyAdd(hi, Vector256.Load(w + 8), Vector256.FusedMultiplyAdd(lo, Vector256.Load(w), sum));
}
