namespace Recurrent.Kernels;

/// <summary>
/// The GotoBLAS/BLIS loop nest around a micro-kernel, for one range of C (all of it, or one thread's part). From the
/// outside in: NC-wide
/// column blocks of op(B); KC-deep slices of k, where the KC x NC block of op(B) is packed (to L3); MC-tall row blocks
/// of op(A), packed to an MC x KC block (to L2); then NR-wide micro-panels of B (one stays in L1) and MR-tall
/// micro-panels of A, one register tile per pair.
/// </summary>
internal static unsafe class GemmPackedDriver<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    /// <summary>
    /// <c>C = alpha * op(A) * op(B) + beta * C</c> for <paramref name="m"/> x <paramref name="n"/> x
    /// <paramref name="k"/>, k at least 1 (the caller handles an empty product), with pointers to the first element
    /// of each matrix.
    /// When <paramref name="prepackedA"/> is not null it holds all of alpha * op(A) as laid out by
    /// <see cref="PackAllOfA"/>, and <paramref name="a"/> is not read. When <paramref name="prepackedB"/> is not null
    /// it is a <see cref="PackedMatrix"/> whose column <paramref name="firstColumn"/> is this range's first, and
    /// <paramref name="b"/> is not read.
    /// </summary>
    public static void Multiply(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        float alpha,
        float* a,
        int lda,
        float* b,
        int ldb,
        float beta,
        float* c,
        int ldc,
        float* prepackedA = null,
        PackedMatrix? prepackedB = null,
        int firstColumn = 0
    )
    {
        int mr = TKernel.Rows,
            nr = TKernel.Columns;
        var blocking = TKernel.Blocking;
        int mcMax = Math.Min(blocking.MC, RoundUp(m, mr));
        int kcMax = Math.Min(blocking.KC, k);
        int ncMax = Math.Min(blocking.NC, RoundUp(n, nr));
        // With a single block of rows, each B micro-panel is used by one sweep down A only, so packing the whole
        // KC x NC block first would just send it out to L3 and back; for op(B) = B^T, whose micro-panels are read
        // along rows of B, pack each one as it is needed instead, and it is still in L1 when the kernels read it.
        // For op(B) = B, packing the block along whole rows of B (sequential reads) measured faster.
        bool packBPerPanel = transposeB && m <= blocking.MC && prepackedB is null;
        var workspace = GemmWorkspace.Current;
        float* packedA = prepackedA == null ? workspace.PanelA((long)mcMax * kcMax) : null;
        float* packedB = prepackedB is null ? workspace.PanelB((packBPerPanel ? nr : ncMax) * (long)kcMax) : null;

        for (int jc = 0; jc < n; jc += blocking.NC)
        {
            int nc = Math.Min(blocking.NC, n - jc);
            for (int pc = 0; pc < k; pc += blocking.KC)
            {
                int kc = Math.Min(blocking.KC, k - pc);
                // Later slices of k add to what the first one wrote.
                float betaHere = pc == 0 ? beta : 1f;
                float* bBlock = transposeB ? b + (long)jc * ldb + pc : b + (long)pc * ldb + jc;
                if (prepackedB is not null)
                    packedB = prepackedB.Data + (long)pc * prepackedB.PaddedColumns + (long)(firstColumn + jc) * kc;
                else if (!packBPerPanel)
                    GemmPacking.PackB(transposeB, bBlock, ldb, kc, nc, nr, packedB);

                for (int ic = 0; ic < m; ic += blocking.MC)
                {
                    int mc = Math.Min(blocking.MC, m - ic);
                    if (prepackedA != null)
                    {
                        packedA = prepackedA + (long)pc * RoundUp(m, mr) + (long)ic * kc;
                    }
                    else
                    {
                        float* aBlock = transposeA ? a + (long)pc * lda + ic : a + (long)ic * lda + pc;
                        GemmPacking.PackA(transposeA, aBlock, lda, mc, kc, alpha, mr, packedA);
                    }

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int columns = Math.Min(nr, nc - jr);
                        float* bPanel = packedB + (long)jr * kc;
                        if (packBPerPanel)
                        {
                            bPanel = packedB;
                            GemmPacking.PackB(
                                transposeB,
                                transposeB ? bBlock + (long)jr * ldb : bBlock + jr,
                                ldb,
                                kc,
                                columns,
                                nr,
                                bPanel
                            );
                        }
                        float* cColumn = c + (long)ic * ldc + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            TKernel.Run(
                                kc,
                                packedA + (long)ir * kc,
                                bPanel,
                                cColumn + (long)ir * ldc,
                                ldc,
                                betaHere,
                                rows,
                                columns
                            );
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs all of alpha * op(A), once, for threads that each multiply it by their own columns of op(B): KC-deep
    /// slices one after the other, each the whole height of A in micro-panels, so that the block at
    /// (row ic, depth pc) is where <see cref="Multiply"/> would have packed it. Returns the floats it needs when
    /// <paramref name="packed"/> is null.
    /// </summary>
    public static long PackAllOfA(bool transposeA, int m, int k, float alpha, float* a, int lda, float* packed)
    {
        if (packed != null)
            PackPanelsOfA(transposeA, m, k, alpha, a, lda, packed, 0, (m + TKernel.Rows - 1) / TKernel.Rows);
        return (long)RoundUp(m, TKernel.Rows) * k;
    }

    /// <summary>
    /// The part of <see cref="PackAllOfA"/> that holds the micro-panels <c>[firstPanel, endPanel)</c> of op(A)
    /// (MR rows each), so that threads can pack a large A together.
    /// </summary>
    public static void PackPanelsOfA(
        bool transposeA,
        int m,
        int k,
        float alpha,
        float* a,
        int lda,
        float* packed,
        int firstPanel,
        int endPanel
    )
    {
        int mr = TKernel.Rows,
            mPadded = RoundUp(m, mr);
        int i0 = firstPanel * mr,
            rows = Math.Min(endPanel * mr, m) - i0;
        if (rows <= 0)
            return;
        for (int pc = 0; pc < k; pc += TKernel.Blocking.KC)
        {
            int kc = Math.Min(TKernel.Blocking.KC, k - pc);
            float* aBlock = transposeA ? a + (long)pc * lda + i0 : a + (long)i0 * lda + pc;
            GemmPacking.PackA(
                transposeA,
                aBlock,
                lda,
                rows,
                kc,
                alpha,
                mr,
                packed + (long)pc * mPadded + (long)i0 * kc
            );
        }
    }

    /// <summary>
    /// Packs the micro-panels <c>[firstPanel, endPanel)</c> (NR columns each) of all of op(B) into
    /// <paramref name="packed"/>: KC-deep slices one after the other, each <paramref name="paddedColumns"/> wide in
    /// micro-panels, so that the block at (depth pc, column jc) is at <c>pc * paddedColumns + jc * kc</c>, where
    /// <see cref="Multiply"/> looks for it. Threads may pack disjoint ranges of panels at once.
    /// </summary>
    public static void PackPanelsOfB(
        bool transposeB,
        int k,
        int n,
        float* b,
        int ldb,
        int paddedColumns,
        float* packed,
        int firstPanel,
        int endPanel
    )
    {
        int nr = TKernel.Columns,
            j0 = firstPanel * nr,
            columns = Math.Min(endPanel * nr, n) - j0;
        if (columns <= 0)
            return;
        for (int pc = 0; pc < k; pc += TKernel.Blocking.KC)
        {
            int kc = Math.Min(TKernel.Blocking.KC, k - pc);
            float* bBlock = transposeB ? b + (long)j0 * ldb + pc : b + (long)pc * ldb + j0;
            GemmPacking.PackB(
                transposeB,
                bBlock,
                ldb,
                kc,
                columns,
                nr,
                packed + (long)pc * paddedColumns + (long)j0 * kc
            );
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
