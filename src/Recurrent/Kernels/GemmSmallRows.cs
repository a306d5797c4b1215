using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// GEMM for op(A) with at most <see cref="MaxRows"/> rows, such as one step of a recurrent layer at batch 1.
/// Such a product reads each element of B for only a few multiply-adds, so it is bound by reading B; packing B
/// would read it twice. These kernels stream B in place instead, and reuse each piece of B for every row of A
/// while it is still in L1.
/// </summary>
internal static unsafe class GemmSmallRows
{
    /// <summary>The most rows of op(A) for which streaming B beats packing it.</summary>
    public const int MaxRows = 4;

    /// <summary>
    /// <c>C[r, j] = aRows[r, :] · B[:, j] + beta * C[r, j]</c> for rows r &lt; <paramref name="m"/> and columns
    /// <paramref name="j0"/> &lt;= j &lt; <paramref name="j1"/>, where B is k x n row-major and
    /// <paramref name="aRows"/> holds m contiguous rows of alpha * op(A), each k long.
    /// </summary>
    /// <remarks>
    /// C is the accumulator: a chunk of each row of C stays in L1 while four rows of B at a time stream past it,
    /// each read along its length (walking down the columns of B instead would touch a new page every row and
    /// defeat the prefetcher).
    /// </remarks>
    public static void MultiplyNN(
        int m,
        int k,
        float* aRows,
        float* b,
        int ldb,
        float beta,
        float* c,
        int ldc,
        int j0,
        int j1
    )
    {
        for (int jc = j0; jc < j1; jc += ColumnsPerChunk)
        {
            int width = Math.Min(ColumnsPerChunk, j1 - jc);
            for (int r = 0; r < m; r++)
                ScaleRow(c + (long)r * ldc + jc, width, beta);
            int p = 0;
            for (; p + 4 <= k; p += 4)
            {
                float* b0 = b + (long)p * ldb + jc;
                for (int r = 0; r < m; r++)
                {
                    float* ar = aRows + (long)r * k + p;
                    AddFourRows(c + (long)r * ldc + jc, width, ar[0], ar[1], ar[2], ar[3], b0, ldb);
                }
            }
            for (; p < k; p++)
            {
                float* bp = b + (long)p * ldb + jc;
                for (int r = 0; r < m; r++)
                    AddRow(c + (long)r * ldc + jc, width, aRows[(long)r * k + p], bp);
            }
        }
    }

    // 1 KiB of each row of C: four rows of C and four of B in L1 together.
    private const int ColumnsPerChunk = 256;

    private static void ScaleRow(float* c, int width, float beta)
    {
        if (beta == 1f)
            return;
        var span = new Span<float>(c, width);
        if (beta == 0f)
            span.Clear();
        else
            System.Numerics.Tensors.TensorPrimitives.Multiply(span, beta, span);
    }

    // c += x0 * b[0, :] + x1 * b[1, :] + x2 * b[2, :] + x3 * b[3, :]: one load and store of c per four FMAs.
    private static void AddFourRows(float* c, int width, float x0, float x1, float x2, float x3, float* b, int ldb)
    {
        float* b1 = b + ldb,
            b2 = b1 + ldb,
            b3 = b2 + ldb;
        var v0 = Vector256.Create(x0);
        var v1 = Vector256.Create(x1);
        var v2 = Vector256.Create(x2);
        var v3 = Vector256.Create(x3);
        int j = 0;
        for (; j + 8 <= width; j += 8)
        {
            var sum = Vector256.FusedMultiplyAdd(v0, Vector256.Load(b + j), Vector256.Load(c + j));
            sum = Vector256.FusedMultiplyAdd(v1, Vector256.Load(b1 + j), sum);
            sum = Vector256.FusedMultiplyAdd(v2, Vector256.Load(b2 + j), sum);
            sum = Vector256.FusedMultiplyAdd(v3, Vector256.Load(b3 + j), sum);
            sum.Store(c + j);
        }
        for (; j < width; j++)
            c[j] += x0 * b[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
    }

    private static void AddRow(float* c, int width, float x, float* b)
    {
        var v = Vector256.Create(x);
        int j = 0;
        for (; j + 8 <= width; j += 8)
            Vector256.FusedMultiplyAdd(v, Vector256.Load(b + j), Vector256.Load(c + j)).Store(c + j);
        for (; j < width; j++)
            c[j] += x * b[j];
    }

    /// <summary>
    /// <c>C[r, j] = aRows[r, :] · B[j, :] + beta * C[r, j]</c> for rows r &lt; <paramref name="m"/> and columns
    /// <paramref name="j0"/> &lt;= j &lt; <paramref name="j1"/>, where B is n x k row-major (op(B) = B^T) and
    /// <paramref name="aRows"/> holds m contiguous rows of alpha * op(A), each k long.
    /// </summary>
    public static void MultiplyNT(
        int m,
        int k,
        float* aRows,
        float* b,
        int ldb,
        float beta,
        float* c,
        int ldc,
        int j0,
        int j1
    )
    {
        int j = j0;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 8 <= j1; j += 8)
                for (int r = 0; r < m; r++)
                    RowDotEightRows(k, aRows + (long)r * k, b + (long)j * ldb, ldb, c + (long)r * ldc + j, beta);
        for (; j + 4 <= j1; j += 4)
            for (int r = 0; r < m; r++)
                RowDotFourRows(k, aRows + (long)r * k, b + (long)j * ldb, ldb, c + (long)r * ldc + j, beta);
        for (; j < j1; j++)
            for (int r = 0; r < m; r++)
            {
                float sum = System.Numerics.Tensors.TensorPrimitives.Dot(
                    new ReadOnlySpan<float>(aRows + (long)r * k, k),
                    new ReadOnlySpan<float>(b + (long)j * ldb, k)
                );
                Merge(c + (long)r * ldc + j, sum, beta);
            }
    }

    // Eight dot products of one row of A with eight rows of B in 512-bit registers: eight independent FMA chains, and
    // eight streams of B in flight at once, which is what keeps the memory system busy when B comes from L3 or DRAM
    // (a step at batch 1 reads every weight once per token).
    private static void RowDotEightRows(int k, float* a, float* b, int ldb, float* c, float beta)
    {
        Vector512<float> s0 = default,
            s1 = default,
            s2 = default,
            s3 = default;
        Vector512<float> s4 = default,
            s5 = default,
            s6 = default,
            s7 = default;
        int p = 0;
        for (; p + 16 <= k; p += 16)
        {
            var x = Vector512.Load(a + p);
            float* bp = b + p;
            s0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp), s0);
            s1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + ldb), s1);
            s2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 2L * ldb), s2);
            s3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 3L * ldb), s3);
            s4 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 4L * ldb), s4);
            s5 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 5L * ldb), s5);
            s6 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 6L * ldb), s6);
            s7 = Vector512.FusedMultiplyAdd(x, Vector512.Load(bp + 7L * ldb), s7);
        }
        var sums = HorizontalSums.Of(s0, s1, s2, s3, s4, s5, s6, s7);
        for (; p < k; p++)
        {
            float* bp = b + p;
            sums += Vector256.Create(a[p]) * Vector256.Create(
                bp[0], bp[ldb], bp[2L * ldb], bp[3L * ldb], bp[4L * ldb], bp[5L * ldb], bp[6L * ldb], bp[7L * ldb]);
        }
        if (beta != 0f)
            sums += Vector256.Create(beta) * Vector256.Load(c);
        sums.Store(c);
    }

    // Four dot products of one row of A with four rows of B, two accumulators each: eight independent FMA chains,
    // and each 8-float piece of A loaded once for the four rows.
    private static void RowDotFourRows(int k, float* a, float* b, int ldb, float* c, float beta)
    {
        float* b0 = b,
            b1 = b + ldb,
            b2 = b + 2L * ldb,
            b3 = b + 3L * ldb;
        Vector256<float> s00 = default,
            s01 = default,
            s10 = default,
            s11 = default;
        Vector256<float> s20 = default,
            s21 = default,
            s30 = default,
            s31 = default;
        int p = 0;
        for (; p + 16 <= k; p += 16)
        {
            var x = Vector256.Load(a + p);
            var y = Vector256.Load(a + p + 8);
            s00 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b0 + p), s00);
            s01 = Vector256.FusedMultiplyAdd(y, Vector256.Load(b0 + p + 8), s01);
            s10 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b1 + p), s10);
            s11 = Vector256.FusedMultiplyAdd(y, Vector256.Load(b1 + p + 8), s11);
            s20 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b2 + p), s20);
            s21 = Vector256.FusedMultiplyAdd(y, Vector256.Load(b2 + p + 8), s21);
            s30 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b3 + p), s30);
            s31 = Vector256.FusedMultiplyAdd(y, Vector256.Load(b3 + p + 8), s31);
        }
        if (p + 8 <= k)
        {
            var x = Vector256.Load(a + p);
            s00 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b0 + p), s00);
            s10 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b1 + p), s10);
            s20 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b2 + p), s20);
            s30 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b3 + p), s30);
            p += 8;
        }
        float d0 = Vector256.Sum(s00 + s01),
            d1 = Vector256.Sum(s10 + s11);
        float d2 = Vector256.Sum(s20 + s21),
            d3 = Vector256.Sum(s30 + s31);
        for (; p < k; p++)
        {
            float x = a[p];
            d0 += x * b0[p];
            d1 += x * b1[p];
            d2 += x * b2[p];
            d3 += x * b3[p];
        }
        Merge(c, d0, beta);
        Merge(c + 1, d1, beta);
        Merge(c + 2, d2, beta);
        Merge(c + 3, d3, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(float* c, float sum, float beta) => *c = beta == 0f ? sum : sum + beta * *c;
}
