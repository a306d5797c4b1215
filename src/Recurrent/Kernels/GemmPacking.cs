using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the layouts the micro-kernels stream through: consecutive micro-panels,
/// each k-major (all MR rows, or all NR columns, of one k together). Packing is where the transposes are resolved,
/// so the kernels see one layout whatever the form, and where the edges are padded with zeros, so the kernels
/// always compute whole tiles.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs the <paramref name="mc"/> x <paramref name="kc"/> block of <c>alpha * op(A)</c> that starts at
    /// <paramref name="a"/> into micro-panels of <paramref name="mr"/> rows. Folding alpha in here costs one multiply
    /// per element of A instead of one per element of C per k block.
    /// </summary>
    public static void PackA(bool transposeA, float* a, int lda, int mc, int kc, float alpha, int mr, float* packed)
    {
        if (transposeA)
        {
            PackTransposedA(a, lda, mc, kc, alpha, mr, packed);
            return;
        }
        for (int i0 = 0; i0 < mc; i0 += mr, packed += (long)mr * kc)
        {
            int rows = Math.Min(mr, mc - i0);
            // Row r of op(A) is contiguous; the panel takes one element of each row per k, so its writes are
            // sequential while the reads follow MR rows side by side.
            float* src = a + (long)i0 * lda;
            if (rows == 6 && mr == 6)
            {
                float* dst = packed;
                int p = 0;
                if (Avx.IsSupported)
                    for (; p + 8 <= kc; p += 8, dst += 48)
                        PackSixRowsOfEight(src + p, lda, alpha, dst);
                for (; p < kc; p++, dst += 6)
                {
                    dst[0] = alpha * src[p];
                    dst[1] = alpha * src[lda + p];
                    dst[2] = alpha * src[2L * lda + p];
                    dst[3] = alpha * src[3L * lda + p];
                    dst[4] = alpha * src[4L * lda + p];
                    dst[5] = alpha * src[5L * lda + p];
                }
            }
            else if (rows == 8 && mr == 8)
            {
                float* dst = packed;
                int p = 0;
                if (Avx.IsSupported)
                    for (; p + 8 <= kc; p += 8, dst += 64)
                        PackEightRowsOfEight(src + p, lda, alpha, dst);
                for (; p < kc; p++, dst += 8)
                    for (int r = 0; r < 8; r++)
                        dst[r] = alpha * src[r * (long)lda + p];
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    float* row = src + (long)r * lda;
                    float* dst = packed + r;
                    for (int p = 0; p < kc; p++)
                        dst[p * mr] = alpha * row[p];
                }
            }
            for (int r = rows; r < mr; r++)
                for (int p = 0; p < kc; p++)
                    packed[p * mr + r] = 0f;
        }
    }

    // dst [8 k, 6 rows] = alpha * the 6 x 8 block at src, read a row of 8 at a time: an 8 x 8 transpose in
    // registers (rows 6 and 7 repeat row 5 and are dropped), then each k-group of 6 written with an 8-wide store
    // that the next one overwrites by 2 floats, except the last, which must not run past the group.
    private static void PackSixRowsOfEight(float* src, int lda, float alpha, float* dst)
    {
        var r0 = Vector256.Load(src);
        var r1 = Vector256.Load(src + lda);
        var r2 = Vector256.Load(src + 2L * lda);
        var r3 = Vector256.Load(src + 3L * lda);
        var r4 = Vector256.Load(src + 4L * lda);
        var r5 = Vector256.Load(src + 5L * lda);
        if (alpha != 1f)
        {
            var scale = Vector256.Create(alpha);
            r0 *= scale;
            r1 *= scale;
            r2 *= scale;
            r3 *= scale;
            r4 *= scale;
            r5 *= scale;
        }
        Transpose8x8(
            r0,
            r1,
            r2,
            r3,
            r4,
            r5,
            r5,
            r5,
            out var k0,
            out var k1,
            out var k2,
            out var k3,
            out var k4,
            out var k5,
            out var k6,
            out var k7
        );
        k0.Store(dst);
        k1.Store(dst + 6);
        k2.Store(dst + 12);
        k3.Store(dst + 18);
        k4.Store(dst + 24);
        k5.Store(dst + 30);
        k6.Store(dst + 36);
        k7.GetLower().Store(dst + 42);
        dst[46] = k7.GetElement(4);
        dst[47] = k7.GetElement(5);
    }

    // dst [8 k, 8 rows] = alpha * the 8 x 8 block at src: the transpose B's packing uses, then the scale, which is
    // 1 for nearly every product.
    private static void PackEightRowsOfEight(float* src, int lda, float alpha, float* dst)
    {
        Transpose8x8(src, lda, dst, 8);
        if (alpha == 1f)
            return;
        var scale = Vector256.Create(alpha);
        for (int i = 0; i < 64; i += 8)
            (Vector256.Load(dst + i) * scale).Store(dst + i);
    }

    // op(A) = A^T: column p of op(A) is row p of A, and each panel's k-group is a run of MR floats of it. Going
    // across all the panels for a few rows of A at a time keeps the reads sequential; one panel at a time would jump
    // to a new row of A (often a new page) for every MR floats.
    private static void PackTransposedA(float* a, int lda, int mc, int kc, float alpha, int mr, float* packed)
    {
        const int RowsAtATime = 8;
        int panels = (mc + mr - 1) / mr;
        var scale = Vector256.Create(alpha);
        for (int p0 = 0; p0 < kc; p0 += RowsAtATime)
        {
            int p1 = Math.Min(p0 + RowsAtATime, kc);
            for (int panel = 0; panel < panels; panel++)
            {
                int i0 = panel * mr,
                    rows = Math.Min(mr, mc - i0);
                float* dstPanel = packed + (long)panel * mr * kc;
                // A whole k-group in one 8-wide load and store. With MR = 6 the store runs 2 floats into the next
                // k-group of the panel, which is written after it; so not for the panel's last k, nor where the
                // load would read past the block's columns.
                bool vector = Vector256.IsHardwareAccelerated && rows == mr && (mr == 8 || (mr == 6 && i0 + 8 <= mc));
                for (int p = p0; p < p1; p++)
                {
                    float* src = a + (long)p * lda + i0;
                    float* dst = dstPanel + p * mr;
                    if (vector && (mr == 8 || p + 1 < kc))
                    {
                        (Vector256.Load(src) * scale).Store(dst);
                        continue;
                    }
                    for (int r = 0; r < rows; r++)
                        dst[r] = alpha * src[r];
                    for (int r = rows; r < mr; r++)
                        dst[r] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs the <paramref name="kc"/> x <paramref name="nc"/> block of op(B) that starts at <paramref name="b"/>
    /// into micro-panels of <paramref name="nr"/> columns (a multiple of 8).
    /// </summary>
    public static void PackB(bool transposeB, float* b, int ldb, int kc, int nc, int nr, float* packed)
    {
        if (!transposeB)
        {
            PackRowsOfB(b, ldb, kc, nc, nr, packed);
            return;
        }
        for (int j0 = 0; j0 < nc; j0 += nr, packed += (long)nr * kc)
            PackColumnsOfBTransposed(b + (long)j0 * ldb, ldb, kc, Math.Min(nr, nc - j0), nr, packed);
    }

    // op(B) = B: each k-group of a panel is a contiguous run of one row of B. Going along the rows of B, rather
    // than down one panel at a time, reads B sequentially; down a panel every row would be a new page.
    private static void PackRowsOfB(float* b, int ldb, int kc, int nc, int nr, float* packed)
    {
        int fullPanels = nc / nr;
        int tail = nc - fullPanels * nr;
        long panelSize = (long)nr * kc;
        for (int p = 0; p < kc; p++)
        {
            float* src = b + (long)p * ldb;
            float* dst = packed + p * nr;
            for (int panel = 0; panel < fullPanels; panel++, src += nr, dst += panelSize)
                for (int j = 0; j < nr; j += 8)
                    Vector256.Load(src + j).StoreAligned(dst + j);
            if (tail > 0)
            {
                int j = 0;
                for (; j < tail; j++)
                    dst[j] = src[j];
                for (; j < nr; j++)
                    dst[j] = 0f;
            }
        }
    }

    // op(B) = B^T: column j of op(B) is row j of B. Transposing 8 x 8 blocks in registers reads B along its rows
    // and writes whole 8-float runs of the panel, instead of scattering one float at a time.
    private static void PackColumnsOfBTransposed(float* b, int ldb, int kc, int columns, int nr, float* packed)
    {
        int p = 0;
        if (columns == nr && Avx.IsSupported)
        {
            for (; p + 8 <= kc; p += 8)
                for (int j = 0; j < nr; j += 8)
                    Transpose8x8(b + (long)j * ldb + p, ldb, packed + p * nr + j, nr);
        }
        for (; p < kc; p++)
        {
            float* dst = packed + p * nr;
            int j = 0;
            for (; j < columns; j++)
                dst[j] = b[(long)j * ldb + p];
            for (; j < nr; j++)
                dst[j] = 0f;
        }
    }

    // dst[r * dstStride + c] = src[c * srcStride + r] for an 8 x 8 block.
    private static void Transpose8x8(float* src, int srcStride, float* dst, int dstStride)
    {
        Transpose8x8(
            Vector256.Load(src),
            Vector256.Load(src + srcStride),
            Vector256.Load(src + 2L * srcStride),
            Vector256.Load(src + 3L * srcStride),
            Vector256.Load(src + 4L * srcStride),
            Vector256.Load(src + 5L * srcStride),
            Vector256.Load(src + 6L * srcStride),
            Vector256.Load(src + 7L * srcStride),
            out var r0,
            out var r1,
            out var r2,
            out var r3,
            out var r4,
            out var r5,
            out var r6,
            out var r7
        );
        r0.Store(dst);
        r1.Store(dst + dstStride);
        r2.Store(dst + 2L * dstStride);
        r3.Store(dst + 3L * dstStride);
        r4.Store(dst + 4L * dstStride);
        r5.Store(dst + 5L * dstStride);
        r6.Store(dst + 6L * dstStride);
        r7.Store(dst + 7L * dstStride);
    }

    // Column c of the 8 x 8 matrix whose rows are r0..r7 comes out as row c.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<float> r0,
        Vector256<float> r1,
        Vector256<float> r2,
        Vector256<float> r3,
        Vector256<float> r4,
        Vector256<float> r5,
        Vector256<float> r6,
        Vector256<float> r7,
        out Vector256<float> c0,
        out Vector256<float> c1,
        out Vector256<float> c2,
        out Vector256<float> c3,
        out Vector256<float> c4,
        out Vector256<float> c5,
        out Vector256<float> c6,
        out Vector256<float> c7
    )
    {
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        c0 = Avx.Permute2x128(u0, u4, 0x20);
        c1 = Avx.Permute2x128(u1, u5, 0x20);
        c2 = Avx.Permute2x128(u2, u6, 0x20);
        c3 = Avx.Permute2x128(u3, u7, 0x20);
        c4 = Avx.Permute2x128(u0, u4, 0x31);
        c5 = Avx.Permute2x128(u1, u5, 0x31);
        c6 = Avx.Permute2x128(u2, u6, 0x31);
        c7 = Avx.Permute2x128(u3, u7, 0x31);
    }
}
