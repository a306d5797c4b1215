using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels;

/// <summary>
/// The AVX-512 micro-kernel: an 8 x 32 tile of C in sixteen 512-bit registers.
/// </summary>
/// <remarks>
/// Register tile (19 of the 32 zmm registers):
/// <code>
///            B: [ b0 (cols 0-15) ][ b1 (cols 16-31) ]   2 aligned loads per k
///   A row 0:  c00                c01
///   ...                                                one broadcast of A[r] per row per k
///   A row 7:  c70                c71                   16 accumulators
/// </code>
/// Each k step does 10 loads and 16 FMAs: the FMA pipes, not the load ports, set the pace, and 16 independent
/// chains cover the FMA latency. Blocking for a Zen 4/5 class core (48 KiB L1d, 1 MiB L2): the 32-wide B
/// micro-panel of depth KC = 256 is 32 KiB of L1, the 256 x 256 A block 256 KiB of L2, a 256 x 4096 B block 4 MiB of
/// L3. A bottom edge of one to four rows runs the top half of the tile only.
/// </remarks>
internal readonly struct GemmMicroKernel512 : IGemmMicroKernel
{
    public static int Rows => 8;
    public static int Columns => 32;
    public static GemmBlocking Blocking => new(MC: 256, KC: 256, NC: 4096);

    public static unsafe void Run(int kc, float* a, float* b, float* c, int ldc, float beta, int rows, int columns)
    {
        if (columns == 32)
        {
            // A bottom edge of at most four rows (a batch of 50 ends in two) is half a tile of work, not a whole one.
            if (rows <= 4)
                RunHalfTile(kc, a, b, c, ldc, beta, rows);
            else
                RunTile(kc, a, b, c, ldc, beta, rows);
            return;
        }

        // Right edge: the padded columns hold zeros that must not reach C, so go through a buffer.
        float* tile = stackalloc float[8 * 32];
        RunTile(kc, a, b, tile, 32, 0f, 8);
        GemmTileStore.Merge(tile, 32, c, ldc, beta, rows, columns);
    }

    // The k loop lives in a method of its own, with no call and no stackalloc after it: where a call follows the
    // loop, the JIT without profile data (TieredPGO off, or before tier-up) stores every accumulator to the stack
    // at every k step. AggressiveOptimization skips the unoptimized first tier.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunTile(int kc, float* a, float* b, float* c, int ldc, float beta, int rows)
    {
        PrefetchTile(c, ldc, rows);
        Vector512<float> c00 = default,
            c01 = default,
            c10 = default,
            c11 = default,
            c20 = default,
            c21 = default;
        Vector512<float> c30 = default,
            c31 = default,
            c40 = default,
            c41 = default,
            c50 = default,
            c51 = default;
        Vector512<float> c60 = default,
            c61 = default,
            c70 = default,
            c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadAligned(b);
            var b1 = Vector512.LoadAligned(b + 16);
            var ar = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(ar, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(ar, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(ar, b1, c71);
            a += 8;
            b += 32;
        }
        StoreRow(c, c00, c01, beta);
        StoreRow(c + ldc, c10, c11, beta);
        StoreRow(c + 2L * ldc, c20, c21, beta);
        StoreRow(c + 3L * ldc, c30, c31, beta);
        StoreRow(c + 4L * ldc, c40, c41, beta);
        if (rows > 5)
            StoreRow(c + 5L * ldc, c50, c51, beta);
        if (rows > 6)
            StoreRow(c + 6L * ldc, c60, c61, beta);
        if (rows > 7)
            StoreRow(c + 7L * ldc, c70, c71, beta);
    }

    // The top four rows of the tile, for an edge of one to four rows: eight accumulators, still enough independent
    // chains to cover the FMA latency. The A panel keeps its stride of 8.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunHalfTile(int kc, float* a, float* b, float* c, int ldc, float beta, int rows)
    {
        PrefetchTile(c, ldc, rows);
        Vector512<float> c00 = default,
            c01 = default,
            c10 = default,
            c11 = default;
        Vector512<float> c20 = default,
            c21 = default,
            c30 = default,
            c31 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadAligned(b);
            var b1 = Vector512.LoadAligned(b + 16);
            var ar = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            a += 8;
            b += 32;
        }
        StoreRow(c, c00, c01, beta);
        if (rows > 1)
            StoreRow(c + ldc, c10, c11, beta);
        if (rows > 2)
            StoreRow(c + 2L * ldc, c20, c21, beta);
        if (rows > 3)
            StoreRow(c + 3L * ldc, c30, c31, beta);
    }

    // The tile of C is touched only after the k loop; asking for its lines now hides their miss behind the loop.
    // A row of 32 floats spans at most three lines.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchTile(float* c, int ldc, int rows)
    {
        if (!Sse.IsSupported)
            return;
        for (int i = 0; i < rows; i++, c += ldc)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + 16);
            Sse.Prefetch0(c + 31);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow(float* c, Vector512<float> lo, Vector512<float> hi, float beta)
    {
        if (beta == 0f)
        {
            lo.Store(c);
            hi.Store(c + 16);
        }
        else if (beta == 1f)
        {
            (Vector512.Load(c) + lo).Store(c);
            (Vector512.Load(c + 16) + hi).Store(c + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c), lo).Store(c);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), hi).Store(c + 16);
        }
    }
}
