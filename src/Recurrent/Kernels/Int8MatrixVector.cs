using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels;

/// <summary>
/// The product <c>y = W x</c> of an <see cref="Int8Matrix"/> and a float vector, the activations kept in float:
/// each int8 weight is widened to float in a register and multiplied in with an FMA, and the row's sum is scaled
/// once. Four rows at a time share each load of x; large matrices are split between threads by rows. Allocates
/// nothing.
/// </summary>
public static class Int8MatrixVector
{
    /// <summary>The widest path the hardware runs natively.</summary>
    internal static Int8MatrixVectorPath Widest =>
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? Int8MatrixVectorPath.Vector512
        : Avx2.IsSupported && Fma.IsSupported ? Int8MatrixVectorPath.Vector256
        : Int8MatrixVectorPath.Scalar;

    /// <summary>
    /// Writes <c>y[r] = s_r Σ_c q[r, c] x[c]</c> for every row r: <paramref name="x"/> has
    /// <see cref="Int8Matrix.Columns"/> values, <paramref name="y"/> <see cref="Int8Matrix.Rows"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void Multiply(Int8Matrix matrix, ReadOnlySpan<float> x, Span<float> y) =>
        Multiply(matrix, x, y, Widest);

    /// <summary>As <see cref="Multiply(Int8Matrix, ReadOnlySpan{float}, Span{float})"/> on a given path, so that tests
    /// reach each one the hardware has.</summary>
    internal static unsafe void Multiply(
        Int8Matrix matrix,
        ReadOnlySpan<float> x,
        Span<float> y,
        Int8MatrixVectorPath path
    )
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.Rows,
            columns = matrix.Columns;
        if (x.Length != columns || y.Length != rows)
            throw new ArgumentException(
                $"Int8MatrixVector.Multiply: a [{rows}, {columns}] matrix takes x [{columns}] and writes "
                    + $"y [{rows}]; got x [{x.Length}] and y [{y.Length}]."
            );
        fixed (sbyte* q = matrix.Values)
        fixed (float* scales = matrix.Scales)
        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            var body = new RowGroups
            {
                Values = q,
                Scales = scales,
                X = xp,
                Y = yp,
                Rows = rows,
                Columns = columns,
                Path = path,
            };
            int groups = (rows + 3) / 4;
            if ((long)rows * columns < 2L * MinWeightsPerThread)
                body.Run(0, groups);
            else
                ParallelLoop.For(groups, ref body, Math.Max(1, MinWeightsPerThread / (4 * columns)));
        }
    }

    // A share of less than about this many weights is not worth waking another thread for (see Gemm).
    private const int MinWeightsPerThread = 1 << 18;

    // Groups of four rows [start, end); the last group may be short.
    private unsafe struct RowGroups : IParallelBody
    {
        public sbyte* Values;
        public float* Scales;
        public float* X;
        public float* Y;
        public int Rows;
        public int Columns;
        public Int8MatrixVectorPath Path;

        public readonly void Run(int start, int end)
        {
            int columns = Columns;
            for (int group = start; group < end; group++)
            {
                int r = group * 4;
                sbyte* q = Values + (long)r * columns;
                if (r + 4 > Rows)
                {
                    for (; r < Rows; r++, q += columns)
                        Y[r] = RowScalar(q, columns, X, 0) * Scales[r];
                    continue;
                }
                var sums = Path switch
                {
                    Int8MatrixVectorPath.Vector512 => FourRows512(q, columns, X),
                    Int8MatrixVectorPath.Vector256 => FourRows256(q, columns, X),
                    _ => FourRowsScalar(q, columns, X, 0),
                };
                (sums * Vector128.Load(Scales + r)).Store(Y + r);
            }
        }
    }

    // The sums of four consecutive rows of `columns` values, 16 columns per step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe Vector128<float> FourRows512(sbyte* q, int columns, float* x)
    {
        var a0 = Vector512<float>.Zero;
        var a1 = Vector512<float>.Zero;
        var a2 = Vector512<float>.Zero;
        var a3 = Vector512<float>.Zero;
        int c = 0;
        for (; c <= columns - 16; c += 16)
        {
            var xv = Vector512.Load(x + c);
            a0 = Avx512F.FusedMultiplyAdd(Widen512(q + c), xv, a0);
            a1 = Avx512F.FusedMultiplyAdd(Widen512(q + columns + c), xv, a1);
            a2 = Avx512F.FusedMultiplyAdd(Widen512(q + 2 * columns + c), xv, a2);
            a3 = Avx512F.FusedMultiplyAdd(Widen512(q + 3 * columns + c), xv, a3);
        }
        var sums = Vector128.Create(Vector512.Sum(a0), Vector512.Sum(a1), Vector512.Sum(a2), Vector512.Sum(a3));
        return c == columns ? sums : sums + FourRowsScalar(q, columns, x, c);
    }

    // The same, 8 columns per step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe Vector128<float> FourRows256(sbyte* q, int columns, float* x)
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        int c = 0;
        for (; c <= columns - 8; c += 8)
        {
            var xv = Vector256.Load(x + c);
            a0 = Fma.MultiplyAdd(Widen256(q + c), xv, a0);
            a1 = Fma.MultiplyAdd(Widen256(q + columns + c), xv, a1);
            a2 = Fma.MultiplyAdd(Widen256(q + 2 * columns + c), xv, a2);
            a3 = Fma.MultiplyAdd(Widen256(q + 3 * columns + c), xv, a3);
        }
        var sums = Vector128.Create(Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
        return c == columns ? sums : sums + FourRowsScalar(q, columns, x, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> Widen512(sbyte* q) =>
        Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load(q)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Widen256(sbyte* q) =>
        Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(q));

    // Columns from `start` on of four consecutive rows.
    private static unsafe Vector128<float> FourRowsScalar(sbyte* q, int columns, float* x, int start) =>
        Vector128.Create(
            RowScalar(q, columns, x, start),
            RowScalar(q + columns, columns, x, start),
            RowScalar(q + 2 * columns, columns, x, start),
            RowScalar(q + 3 * columns, columns, x, start)
        );

    private static unsafe float RowScalar(sbyte* q, int columns, float* x, int start)
    {
        float sum = 0f;
        for (int c = start; c < columns; c++)
            sum = MathF.FusedMultiplyAdd(q[c], x[c], sum);
        return sum;
    }
}
