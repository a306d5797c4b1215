using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels;

/// <summary>
/// The AVX2 + FMA micro-kernel: a 6 x 16 tile of C in twelve 256-bit registers.
/// </summary>
/// <remarks>
/// Register tile (16 ymm registers in all):
/// <code>
///            B: [ b0 (cols 0-7) ][ b1 (cols 8-15) ]   2 aligned loads per k
///   A row 0:  c00               c01
///   A row 1:  c10               c11                 one broadcast of A[r] per row per k
///   ...
///   A row 5:  c50               c51                 12 accumulators
/// </code>
/// Each k step does 8 loads and 12 FMAs. Twelve independent accumulators cover the FMA latency (4 cycles on two
/// pipes needs at least 8 chains), and 12 + 2 + 1 registers fit in the 16 that AVX2 has, so nothing spills.
/// Blocking for a Zen 3 class core (32 KiB L1d, 512 KiB L2, shared 32 MiB L3): a 16-wide B micro-panel of depth
/// KC = 256 is 16 KiB and stays in L1 while the kernel walks down the A block; the 144 x 256 A block is 144 KiB of L2;
/// a 256 x 4080 B block is 4 MiB of L3.
/// </remarks>
internal readonly struct GemmMicroKernel256 : IGemmMicroKernel
{
    public static int Rows => 6;
    public static int Columns => 16;
    public static GemmBlocking Blocking => new(MC: 144, KC: 256, NC: 4080);

    public static unsafe void Run(int kc, float* a, float* b, float* c, int ldc, float beta, int rows, int columns)
    {
        if (rows == 6 && columns == 16)
        {
            RunSixRows(kc, a, b, c, ldc, beta);
            return;
        }

        // Edge tile: the padded rows and columns hold zeros that must not reach C, so go through a buffer.
        float* tile = stackalloc float[6 * 16];
        if (rows <= 2)
            RunTwoRows(kc, a, b, tile);
        else if (rows <= 4)
            RunFourRows(kc, a, b, tile);
        else
            RunSixRows(kc, a, b, tile, 16, 0f);
        GemmTileStore.Merge(tile, 16, c, ldc, beta, rows, columns);
    }

    // The k loops live in methods of their own, with no call and no stackalloc after them: where a call follows
    // the loop, the JIT without profile data (TieredPGO off, or before tier-up) stores every accumulator to the
    // stack at every k step, a third of the speed. AggressiveOptimization skips the unoptimized first tier.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunSixRows(int kc, float* a, float* b, float* c, int ldc, float beta)
    {
        PrefetchTile(c, ldc, 6);
        Vector256<float> c00 = default,
            c01 = default,
            c10 = default,
            c11 = default,
            c20 = default,
            c21 = default;
        Vector256<float> c30 = default,
            c31 = default,
            c40 = default,
            c41 = default,
            c50 = default,
            c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadAligned(b);
            var b1 = Vector256.LoadAligned(b + 8);
            var ar = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(ar, b1, c51);
            a += 6;
            b += 16;
        }
        StoreRow(c, c00, c01, beta);
        c += ldc;
        StoreRow(c, c10, c11, beta);
        c += ldc;
        StoreRow(c, c20, c21, beta);
        c += ldc;
        StoreRow(c, c30, c31, beta);
        c += ldc;
        StoreRow(c, c40, c41, beta);
        c += ldc;
        StoreRow(c, c50, c51, beta);
    }

    // A bottom edge of one or two rows (a batch of 50 in tiles of 6 ends in one). The full kernel would take as long
    // as for six rows; here even and odd k go to separate accumulators, so eight FMA chains are in flight again and
    // the edge costs about a third of a tile. Row 1 of a one-row edge is the panel's zero padding.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunTwoRows(int kc, float* a, float* b, float* tile)
    {
        Vector256<float> e00 = default,
            e01 = default,
            e10 = default,
            e11 = default;
        Vector256<float> o00 = default,
            o01 = default,
            o10 = default,
            o11 = default;
        int p = 0;
        for (; p + 1 < kc; p += 2, a += 12, b += 32)
        {
            var b0 = Vector256.LoadAligned(b);
            var b1 = Vector256.LoadAligned(b + 8);
            var b2 = Vector256.LoadAligned(b + 16);
            var b3 = Vector256.LoadAligned(b + 24);
            var ar = Vector256.Create(a[0]);
            e00 = Vector256.FusedMultiplyAdd(ar, b0, e00);
            e01 = Vector256.FusedMultiplyAdd(ar, b1, e01);
            ar = Vector256.Create(a[1]);
            e10 = Vector256.FusedMultiplyAdd(ar, b0, e10);
            e11 = Vector256.FusedMultiplyAdd(ar, b1, e11);
            ar = Vector256.Create(a[6]);
            o00 = Vector256.FusedMultiplyAdd(ar, b2, o00);
            o01 = Vector256.FusedMultiplyAdd(ar, b3, o01);
            ar = Vector256.Create(a[7]);
            o10 = Vector256.FusedMultiplyAdd(ar, b2, o10);
            o11 = Vector256.FusedMultiplyAdd(ar, b3, o11);
        }
        if (p < kc)
        {
            var b0 = Vector256.LoadAligned(b);
            var b1 = Vector256.LoadAligned(b + 8);
            e00 = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), b0, e00);
            e01 = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), b1, e01);
            e10 = Vector256.FusedMultiplyAdd(Vector256.Create(a[1]), b0, e10);
            e11 = Vector256.FusedMultiplyAdd(Vector256.Create(a[1]), b1, e11);
        }
        (e00 + o00).Store(tile);
        (e01 + o01).Store(tile + 8);
        (e10 + o10).Store(tile + 16);
        (e11 + o11).Store(tile + 24);
    }

    // A bottom edge of three or four rows: eight accumulators, eight FMA chains, two thirds of a tile's time.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunFourRows(int kc, float* a, float* b, float* tile)
    {
        Vector256<float> c00 = default,
            c01 = default,
            c10 = default,
            c11 = default;
        Vector256<float> c20 = default,
            c21 = default,
            c30 = default,
            c31 = default;
        for (int p = 0; p < kc; p++, a += 6, b += 16)
        {
            var b0 = Vector256.LoadAligned(b);
            var b1 = Vector256.LoadAligned(b + 8);
            var ar = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ar, b1, c31);
        }
        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + 16);
        c11.Store(tile + 24);
        c20.Store(tile + 32);
        c21.Store(tile + 40);
        c30.Store(tile + 48);
        c31.Store(tile + 56);
    }

    // The tile of C is touched only after the k loop; asking for its lines now hides their miss behind the loop
    // (without this a large C costs a few hundred cycles per tile). A row of 16 floats spans at most two lines.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchTile(float* c, int ldc, int rows)
    {
        if (!Sse.IsSupported)
            return;
        for (int i = 0; i < rows; i++, c += ldc)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + 15);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow(float* c, Vector256<float> lo, Vector256<float> hi, float beta)
    {
        if (beta == 0f)
        {
            lo.Store(c);
            hi.Store(c + 8);
        }
        else if (beta == 1f)
        {
            (Vector256.Load(c) + lo).Store(c);
            (Vector256.Load(c + 8) + hi).Store(c + 8);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c), lo).Store(c);
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(c + 8), hi).Store(c + 8);
        }
    }
}
