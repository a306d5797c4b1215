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
    public static void MultiplyNN(int m, int k, float* aRows, float* b, int ldb, float beta, float* c, int ldc, int j0, int j1)
    {
        int j = j0;
        for (; j + 32 <= j1; j += 32)
            for (int r = 0; r < m; r++)
                RowTimes32Columns(k, aRows + (long)r * k, b + j, ldb, c + (long)r * ldc + j, beta);
        for (; j + 8 <= j1; j += 8)
            for (int r = 0; r < m; r++)
                RowTimes8Columns(k, aRows + (long)r * k, b + j, ldb, c + (long)r * ldc + j, beta);
        for (; j < j1; j++)
            for (int r = 0; r < m; r++)
            {
                float* ar = aRows + (long)r * k;
                float sum = 0f;
                for (int p = 0; p < k; p++)
                    sum += ar[p] * b[(long)p * ldb + j];
                Merge(c + (long)r * ldc + j, sum, beta);
            }
    }

    /// <summary>
    /// <c>C[r, j] = aRows[r, :] · B[j, :] + beta * C[r, j]</c> for rows r &lt; <paramref name="m"/> and columns
    /// <paramref name="j0"/> &lt;= j &lt; <paramref name="j1"/>, where B is n x k row-major (op(B) = B^T) and
    /// <paramref name="aRows"/> holds m contiguous rows of alpha * op(A), each k long.
    /// </summary>
    public static void MultiplyNT(int m, int k, float* aRows, float* b, int ldb, float beta, float* c, int ldc, int j0, int j1)
    {
        int j = j0;
        for (; j + 4 <= j1; j += 4)
            for (int r = 0; r < m; r++)
                RowDotFourRows(k, aRows + (long)r * k, b + (long)j * ldb, ldb, c + (long)r * ldc + j, beta);
        for (; j < j1; j++)
            for (int r = 0; r < m; r++)
            {
                float sum = System.Numerics.Tensors.TensorPrimitives.Dot(
                    new ReadOnlySpan<float>(aRows + (long)r * k, k), new ReadOnlySpan<float>(b + (long)j * ldb, k));
                Merge(c + (long)r * ldc + j, sum, beta);
            }
    }

    // 32 columns in four registers, with even and odd k in separate accumulators: eight independent FMA chains.
    private static void RowTimes32Columns(int k, float* a, float* b, int ldb, float* c, float beta)
    {
        Vector256<float> e0 = default, e1 = default, e2 = default, e3 = default;
        Vector256<float> o0 = default, o1 = default, o2 = default, o3 = default;
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            float* even = b + (long)p * ldb;
            float* odd = even + ldb;
            var x = Vector256.Create(a[p]);
            var y = Vector256.Create(a[p + 1]);
            e0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(even), e0);
            e1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(even + 8), e1);
            e2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(even + 16), e2);
            e3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(even + 24), e3);
            o0 = Vector256.FusedMultiplyAdd(y, Vector256.Load(odd), o0);
            o1 = Vector256.FusedMultiplyAdd(y, Vector256.Load(odd + 8), o1);
            o2 = Vector256.FusedMultiplyAdd(y, Vector256.Load(odd + 16), o2);
            o3 = Vector256.FusedMultiplyAdd(y, Vector256.Load(odd + 24), o3);
        }
        if (p < k)
        {
            float* last = b + (long)p * ldb;
            var x = Vector256.Create(a[p]);
            e0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(last), e0);
            e1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(last + 8), e1);
            e2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(last + 16), e2);
            e3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(last + 24), e3);
        }
        Merge(c, e0 + o0, beta);
        Merge(c + 8, e1 + o1, beta);
        Merge(c + 16, e2 + o2, beta);
        Merge(c + 24, e3 + o3, beta);
    }

    private static void RowTimes8Columns(int k, float* a, float* b, int ldb, float* c, float beta)
    {
        Vector256<float> even = default, odd = default;
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            float* row = b + (long)p * ldb;
            even = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Vector256.Load(row), even);
            odd = Vector256.FusedMultiplyAdd(Vector256.Create(a[p + 1]), Vector256.Load(row + ldb), odd);
        }
        if (p < k)
            even = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Vector256.Load(b + (long)p * ldb), even);
        Merge(c, even + odd, beta);
    }

    // Four dot products of one row of A with four rows of B, two accumulators each: eight independent FMA chains,
    // and each 8-float piece of A loaded once for the four rows.
    private static void RowDotFourRows(int k, float* a, float* b, int ldb, float* c, float beta)
    {
        float* b0 = b, b1 = b + ldb, b2 = b + 2L * ldb, b3 = b + 3L * ldb;
        Vector256<float> s00 = default, s01 = default, s10 = default, s11 = default;
        Vector256<float> s20 = default, s21 = default, s30 = default, s31 = default;
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
        float d0 = Vector256.Sum(s00 + s01), d1 = Vector256.Sum(s10 + s11);
        float d2 = Vector256.Sum(s20 + s21), d3 = Vector256.Sum(s30 + s31);
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
    private static void Merge(float* c, Vector256<float> sum, float beta)
    {
        if (beta == 0f) sum.Store(c);
        else Vector256.FusedMultiplyAdd(Vector256.Create(beta), Vector256.Load(c), sum).Store(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge(float* c, float sum, float beta) => *c = beta == 0f ? sum : sum + beta * *c;
}
