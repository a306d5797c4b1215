using Recurrent.Tensors;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// General matrix multiply on row-major float32 matrices: <c>C = alpha * op(A) * op(B) + beta * C</c>, where
/// <c>op(X)</c> is <c>X</c> or its transpose. <c>op(A)</c> is M x K, <c>op(B)</c> is K x N and C is M x N; each
/// matrix is given with its row stride (leading dimension), so a block of a larger matrix can be used in place.
/// </summary>
/// <remarks>
/// Products with at most four rows (a recurrent step at small batch) stream B through dot-product kernels; the rest
/// go through packed panels and a register-blocked micro-kernel (Vector512 where the CPU has AVX-512, else
/// Vector256). Work big enough to pay for it is split across <see cref="ParallelLoop"/>'s threads by slices of k
/// when k is at least as long as either side of C (partial products added after), else by ranges of columns of C
/// (op(A) is then packed once and shared), or by rows when C is too narrow to split or at least three times taller
/// than wide. Packing buffers are kept per thread, so a call allocates nothing once they have grown to the largest
/// shapes seen.
/// </remarks>
public static class Gemm
{
    [ThreadStatic]
    private static GemmKernelChoice _kernelOverride;

    /// <summary>
    /// The least work, in flops, worth handing to another thread. Waking a worker and joining it costs a few
    /// microseconds; a share of less than about a million flops (10 microseconds of one core) would spend a good part
    /// of its time on that. Tests lower it to split small products.
    /// </summary>
    internal static long MinFlopsPerThread { get; set; } = 1L << 20;

    /// <summary>
    /// Forces a micro-kernel for multiplies started on the calling thread, so that tests can check both kernels
    /// on any CPU. Per thread, so that a test forcing the slow emulated kernel does not slow down other tests.
    /// </summary>
    internal static GemmKernelChoice KernelOverride
    {
        get => _kernelOverride;
        set => _kernelOverride = value;
    }

    /// <summary>
    /// The rows of one register tile of the micro-kernel in use: a caller that cuts a product into bands of rows
    /// wastes least on bands whose heights are multiples of it.
    /// </summary>
    internal static int TileRows => UseVector512() ? GemmMicroKernel512.Rows : GemmMicroKernel256.Rows;

    /// <summary>
    /// Computes <c>C = alpha * op(A) * op(B) + beta * C</c>. When <paramref name="beta"/> is 0, C is overwritten
    /// (NaNs in it do not propagate), as in BLAS.
    /// </summary>
    /// <param name="transposeA">Whether op(A) is A^T; A is then stored K x M.</param>
    /// <param name="transposeB">Whether op(B) is B^T; B is then stored N x K.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Row stride of A, at least its number of columns.</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="ldb">Row stride of B, at least its number of columns.</param>
    /// <param name="beta">Scale of the old C; 0 ignores it.</param>
    /// <param name="c">C, row-major, M x N.</param>
    /// <param name="ldc">Row stride of C, at least N.</param>
    public static unsafe void Multiply(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc
    )
    {
        ValidateArguments(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
            return;

        fixed (
            float* pa = a,
                pb = b,
                pc = c
        )
        {
            if (k == 0 || alpha == 0f)
                ScaleC(m, n, beta, pc, ldc);
            else if (m <= GemmSmallRows.MaxRows)
                MultiplySmallRows(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            else if (UseVector512())
                MultiplyPacked<GemmMicroKernel512>(
                    transposeA,
                    transposeB,
                    m,
                    n,
                    k,
                    alpha,
                    pa,
                    lda,
                    pb,
                    ldb,
                    beta,
                    pc,
                    ldc
                );
            else
                MultiplyPacked<GemmMicroKernel256>(
                    transposeA,
                    transposeB,
                    m,
                    n,
                    k,
                    alpha,
                    pa,
                    lda,
                    pb,
                    ldb,
                    beta,
                    pc,
                    ldc
                );
        }
    }

    /// <summary>
    /// Packs op(B) (K x N; B is N x K when <paramref name="transposeB"/>) for repeated products with
    /// <see cref="Multiply(bool, int, float, ReadOnlySpan{float}, int, PackedMatrix, float, Span{float}, int)"/>.
    /// </summary>
    public static unsafe PackedMatrix Pack(bool transposeB, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        if (k < 1 || n < 1)
            throw new ArgumentException(
                $"Gemm.Pack: op(B) must have at least one row and one column; got k={k}, n={n}."
            );
        CheckMatrix("B", transposeB ? n : k, transposeB ? k : n, b.Length, ldb);
        bool wide = UseVector512();
        int nr = wide ? GemmMicroKernel512.Columns : GemmMicroKernel256.Columns;
        var packed = new PackedMatrix(k, n, (n + nr - 1) / nr * nr, wide);
        fixed (float* pb = b)
        {
            // A recurrent weight is packed at every call of a layer (4 MB for an LSTM at H = 512): the threads share
            // it.
            int panels = packed.PaddedColumns / nr;
            int grain = GrainFor(PackingFlopsPerElement * k * nr, PackingFlopsPerElement * (long)k * n);
            if (wide)
            {
                var packing = new PackBPart<GemmMicroKernel512>
                {
                    TransposeB = transposeB,
                    K = k,
                    N = n,
                    B = pb,
                    Ldb = ldb,
                    Packed = packed,
                };
                ParallelLoop.For(panels, ref packing, grain);
            }
            else
            {
                var packing = new PackBPart<GemmMicroKernel256>
                {
                    TransposeB = transposeB,
                    K = k,
                    N = n,
                    B = pb,
                    Ldb = ldb,
                    Packed = packed,
                };
                ParallelLoop.For(panels, ref packing, grain);
            }
        }
        return packed;
    }

    /// <summary>
    /// Computes <c>C = alpha * op(A) * B + beta * C</c> with op(B) packed beforehand by <see cref="Pack"/>:
    /// op(A) is <paramref name="m"/> x K, C is <paramref name="m"/> x N, with K and N those of the packing.
    /// </summary>
    public static unsafe void Multiply(
        bool transposeA,
        int m,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        PackedMatrix b,
        float beta,
        Span<float> c,
        int ldc
    )
    {
        b.ThrowIfDisposed();
        int k = b.Rows,
            n = b.Columns;
        if (m < 0)
            throw new ArgumentException($"Gemm: negative size m={m}.");
        CheckMatrix("A", transposeA ? k : m, transposeA ? m : k, a.Length, lda);
        CheckMatrix("C", m, n, c.Length, ldc);
        if (m == 0)
            return;
        fixed (
            float* pa = a,
                pc = c
        )
        {
            if (alpha == 0f)
                ScaleC(m, n, beta, pc, ldc);
            else if (b.WideKernel)
                MultiplyPacked<GemmMicroKernel512>(
                    transposeA,
                    false,
                    m,
                    n,
                    k,
                    alpha,
                    pa,
                    lda,
                    null,
                    0,
                    beta,
                    pc,
                    ldc,
                    b
                );
            else
                MultiplyPacked<GemmMicroKernel256>(
                    transposeA,
                    false,
                    m,
                    n,
                    k,
                    alpha,
                    pa,
                    lda,
                    null,
                    0,
                    beta,
                    pc,
                    ldc,
                    b
                );
        }
    }

    /// <summary>
    /// Multiplies 2-D tensors: <c>c = alpha * op(a) * op(b) + beta * c</c>, checking their shapes first.
    /// </summary>
    public static void Multiply(
        Tensor a,
        bool transposeA,
        Tensor b,
        bool transposeB,
        Tensor c,
        float alpha = 1f,
        float beta = 0f
    )
    {
        if (a.Rank != 2 || b.Rank != 2 || c.Rank != 2)
            throw new ShapeMismatchException(
                $"Gemm: expects 2-D tensors; got A {Shape.Format(a.Shape)}, B {Shape.Format(b.Shape)}, C "
                    + $"{Shape.Format(c.Shape)}."
            );
        int m = transposeA ? a.Dim(1) : a.Dim(0);
        int k = transposeA ? a.Dim(0) : a.Dim(1);
        int kb = transposeB ? b.Dim(1) : b.Dim(0);
        int n = transposeB ? b.Dim(0) : b.Dim(1);
        if (k != kb)
            throw ShapeMismatchException.For(
                "Gemm",
                "the inner dimensions of op(A) and op(B) differ",
                "A",
                a.Shape,
                "B",
                b.Shape
            );
        if (c.Dim(0) != m || c.Dim(1) != n)
            throw ShapeMismatchException.For(
                "Gemm",
                $"C must be [{m}, {n}]",
                "op(A)*op(B) from A",
                a.Shape,
                "C",
                c.Shape
            );
        Multiply(transposeA, transposeB, m, n, k, alpha, a.Span, a.Dim(1), b.Span, b.Dim(1), beta, c.Span, c.Dim(1));
    }

    /// <summary>The micro-kernel a multiply started on this thread uses (Vector512 or Vector256).</summary>
    internal static GemmKernelChoice KernelInUse =>
        UseVector512() ? GemmKernelChoice.Vector512 : GemmKernelChoice.Vector256;

    private static bool UseVector512() =>
        _kernelOverride switch
        {
            GemmKernelChoice.Vector512 => true,
            GemmKernelChoice.Vector256 => false,
            _ => Vector512.IsHardwareAccelerated,
        };

    private static unsafe void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        if (beta == 1f)
            return;
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f)
                row.Clear();
            else
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    private static unsafe void MultiplySmallRows(
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
        int ldc
    )
    {
        // The kernels want alpha * op(A) as contiguous rows; at four rows this copy is small next to reading B.
        float* aRows = GemmWorkspace.Current.PanelA((long)m * k);
        for (int r = 0; r < m; r++)
        {
            float* dst = aRows + (long)r * k;
            if (transposeA)
                for (int p = 0; p < k; p++)
                    dst[p] = alpha * a[(long)p * lda + r];
            else
                for (int p = 0; p < k; p++)
                    dst[p] = alpha * a[(long)r * lda + p];
        }

        var part = new SmallRowsPart
        {
            TransposeB = transposeB,
            M = m,
            N = n,
            K = k,
            ARows = aRows,
            B = b,
            Ldb = ldb,
            Beta = beta,
            C = c,
            Ldc = ldc,
        };
        int blocks = (n + SmallRowsPart.ColumnsPerBlock - 1) / SmallRowsPart.ColumnsPerBlock;
        long flopsPerBlock = 2L * m * k * SmallRowsPart.ColumnsPerBlock;
        ParallelLoop.For(blocks, ref part, GrainFor(flopsPerBlock, 2L * m * n * k));
    }

    private static unsafe void MultiplyPacked<TKernel>(
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
        PackedMatrix? prepackedB = null
    )
        where TKernel : struct, IGemmMicroKernel
    {
        int threads = ParallelLoop.ThreadCount;
        if (
            prepackedB is null
            && threads > 1
            && k >= Math.Max(m, n)
            && k > TKernel.Blocking.KC
            && 2L * m * n * k >= 2 * threads * MinFlopsPerThread
        )
        {
            MultiplySplitDepth<TKernel>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
            return;
        }
        var part = new PackedPart<TKernel>
        {
            TransposeA = transposeA,
            TransposeB = transposeB,
            M = m,
            N = n,
            K = k,
            Alpha = alpha,
            A = a,
            Lda = lda,
            B = b,
            Ldb = ldb,
            Beta = beta,
            C = c,
            Ldc = ldc,
            PrepackedB = prepackedB,
        };
        int panelsN = (n + TKernel.Columns - 1) / TKernel.Columns;
        int panelsM = (m + TKernel.Rows - 1) / TKernel.Rows;
        // Splitting columns lets each thread pack only its own part of B, but op(A) is then packed whole before
        // the threads start, so a large A goes out to memory and back. When C is at least three times taller than
        // it is wide (the weight-gradient and dx products of a layer: 4H x H, T*B x H) A is the larger operand,
        // and splitting rows is faster (by a third at H = 128): each thread packs its rows of A block by block,
        // in cache, and all of the smaller B. A C too narrow to give every thread several panels is split by
        // rows too. A prepacked B is always split by columns, the only way its panels are addressed.
        part.SplitColumns =
            prepackedB is not null || (3L * n > m && (panelsN >= 4 * ParallelLoop.ThreadCount || panelsN >= panelsM));
        long flopsPerPanel = part.SplitColumns ? 2L * m * k * TKernel.Columns : 2L * n * k * TKernel.Rows;
        int count = part.SplitColumns ? panelsN : panelsM;
        int grain = GrainFor(flopsPerPanel, 2L * m * n * k);
        // Column ranges all multiply the same op(A): pack it once here rather than once per range.
        if (part.SplitColumns && count / grain >= 2 && ParallelLoop.ThreadCount > 1)
        {
            part.PrepackedA = GemmWorkspace.Current.SharedA(
                GemmPackedDriver<TKernel>.PackAllOfA(transposeA, m, k, alpha, a, lda, null)
            );
            var packing = new PackAPart<TKernel>
            {
                TransposeA = transposeA,
                M = m,
                K = k,
                Alpha = alpha,
                A = a,
                Lda = lda,
                Packed = part.PrepackedA,
            };
            // A tall op(A) is packed by all the threads; packing it on one would leave the others waiting.
            ParallelLoop.For(
                panelsM,
                ref packing,
                GrainFor(PackingFlopsPerElement * k * TKernel.Rows, PackingFlopsPerElement * (long)m * k)
            );
        }
        ParallelLoop.For(count, ref part, grain);
    }

    // C = alpha * op(A) op(B) + beta * C as a sum over slices of k, one per thread: slice 0 goes straight into C,
    // each other slice into a buffer of its own, added to C after the loop. For a k at least as long as either side
    // of C (the weight gradients, sums over all T*B rows) each thread then packs only its own slices of A and B,
    // block by block in cache, where a split by columns would first pack all of A once, out to memory and back, and
    // a split by rows would pack all of B once per range: 10-35% faster, side by side, for the gradients of W_ih
    // and W_hh at H = 128 and 512.
    private static unsafe void MultiplySplitDepth<TKernel>(
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
        int threads
    )
        where TKernel : struct, IGemmMicroKernel
    {
        int kc = TKernel.Blocking.KC;
        // Slices on whole KC blocks, so that no slice adds a ragged block; there are at least two blocks, and every
        // slice gets at least one.
        int blocks = (k + kc - 1) / kc;
        int slices = Math.Min(threads, blocks);
        var part = new DepthSlicePart<TKernel>
        {
            TransposeA = transposeA,
            TransposeB = transposeB,
            M = m,
            N = n,
            K = k,
            Alpha = alpha,
            A = a,
            Lda = lda,
            B = b,
            Ldb = ldb,
            Beta = beta,
            C = c,
            Ldc = ldc,
            Slices = slices,
            Blocks = blocks,
            Partials = GemmWorkspace.Current.Partials((long)(slices - 1) * m * n),
        };
        ParallelLoop.For(slices, ref part);
        var sum = new PartialSumPart
        {
            M = m,
            N = n,
            C = c,
            Ldc = ldc,
            Partials = part.Partials,
            Count = slices - 1,
        };
        ParallelLoop.For(m, ref sum, GrainFor(n * (long)(slices - 1), (long)m * n * (slices - 1)));
    }

    private unsafe struct DepthSlicePart<TKernel> : IParallelBody
        where TKernel : struct, IGemmMicroKernel
    {
        public bool TransposeA,
            TransposeB;
        public int M,
            N,
            K,
            Lda,
            Ldb,
            Ldc,
            Slices,
            Blocks;
        public float Alpha,
            Beta;
        public float* A,
            B,
            C,
            Partials;

        public readonly void Run(int start, int end)
        {
            int kc = TKernel.Blocking.KC;
            for (int slice = start; slice < end; slice++)
            {
                int k0 = (int)Math.Min((long)Blocks * slice / Slices * kc, K);
                int k1 = (int)Math.Min((long)Blocks * (slice + 1) / Slices * kc, K);
                float* a = TransposeA ? A + (long)k0 * Lda : A + k0;
                float* b = TransposeB ? B + k0 : B + (long)k0 * Ldb;
                if (slice == 0)
                    GemmPackedDriver<TKernel>.Multiply(
                        TransposeA,
                        TransposeB,
                        M,
                        N,
                        k1 - k0,
                        Alpha,
                        a,
                        Lda,
                        b,
                        Ldb,
                        Beta,
                        C,
                        Ldc
                    );
                else
                    GemmPackedDriver<TKernel>.Multiply(
                        TransposeA,
                        TransposeB,
                        M,
                        N,
                        k1 - k0,
                        Alpha,
                        a,
                        Lda,
                        b,
                        Ldb,
                        0f,
                        Partials + (long)(slice - 1) * M * N,
                        N
                    );
            }
        }
    }

    // C [i, :] += the partial products' rows i, for the rows given.
    private unsafe struct PartialSumPart : IParallelBody
    {
        public int M,
            N,
            Ldc,
            Count;
        public float* C,
            Partials;

        public readonly void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                var row = new Span<float>(C + (long)i * Ldc, N);
                for (int p = 0; p < Count; p++)
                    System.Numerics.Tensors.TensorPrimitives.Add(
                        row,
                        new ReadOnlySpan<float>(Partials + ((long)p * M + i) * N, N),
                        row
                    );
            }
        }
    }

    // The fewest items per thread that give each thread enough work; a whole product below the threshold runs on
    // the calling thread.
    private static int GrainFor(long flopsPerItem, long totalFlops)
    {
        if (totalFlops < 2 * MinFlopsPerThread)
            return int.MaxValue;
        return (int)Math.Max(1, MinFlopsPerThread / flopsPerItem);
    }

    // Packing one element of A costs about as much as this many flops of the product, for deciding when packing is
    // worth splitting across threads.
    private const long PackingFlopsPerElement = 16;

    private unsafe struct PackAPart<TKernel> : IParallelBody
        where TKernel : struct, IGemmMicroKernel
    {
        public bool TransposeA;
        public int M,
            K,
            Lda;
        public float Alpha;
        public float* A,
            Packed;

        public readonly void Run(int start, int end) =>
            GemmPackedDriver<TKernel>.PackPanelsOfA(TransposeA, M, K, Alpha, A, Lda, Packed, start, end);
    }

    private unsafe struct PackBPart<TKernel> : IParallelBody
        where TKernel : struct, IGemmMicroKernel
    {
        public bool TransposeB;
        public int K,
            N,
            Ldb;
        public float* B;
        public PackedMatrix Packed;

        public readonly void Run(int start, int end) =>
            GemmPackedDriver<TKernel>.PackPanelsOfB(
                TransposeB,
                K,
                N,
                B,
                Ldb,
                Packed.PaddedColumns,
                Packed.Data,
                start,
                end
            );
    }

    private unsafe struct SmallRowsPart : IParallelBody
    {
        public const int ColumnsPerBlock = 32;
        public bool TransposeB;
        public int M,
            N,
            K,
            Ldb,
            Ldc;
        public float Beta;
        public float* ARows,
            B,
            C;

        public readonly void Run(int start, int end)
        {
            int j0 = start * ColumnsPerBlock;
            int j1 = (int)Math.Min((long)end * ColumnsPerBlock, N);
            if (TransposeB)
                GemmSmallRows.MultiplyNT(M, K, ARows, B, Ldb, Beta, C, Ldc, j0, j1);
            else
                GemmSmallRows.MultiplyNN(M, K, ARows, B, Ldb, Beta, C, Ldc, j0, j1);
        }
    }

    private unsafe struct PackedPart<TKernel> : IParallelBody
        where TKernel : struct, IGemmMicroKernel
    {
        public bool TransposeA,
            TransposeB,
            SplitColumns;
        public int M,
            N,
            K,
            Lda,
            Ldb,
            Ldc;
        public float Alpha,
            Beta;
        public float* A,
            B,
            C,
            PrepackedA;
        public PackedMatrix? PrepackedB;

        // Each range is a smaller GEMM of its own: a block of columns (or rows) of C with the matching part of
        // op(B) (or op(A)), so the threads never wait for one another inside a multiply.
        public readonly void Run(int start, int end)
        {
            if (SplitColumns)
            {
                int j0 = start * TKernel.Columns;
                int j1 = (int)Math.Min((long)end * TKernel.Columns, N);
                float* b =
                    PrepackedB is not null ? null
                    : TransposeB ? B + (long)j0 * Ldb
                    : B + j0;
                GemmPackedDriver<TKernel>.Multiply(
                    TransposeA,
                    TransposeB,
                    M,
                    j1 - j0,
                    K,
                    Alpha,
                    A,
                    Lda,
                    b,
                    Ldb,
                    Beta,
                    C + j0,
                    Ldc,
                    PrepackedA,
                    PrepackedB,
                    j0
                );
            }
            else
            {
                int i0 = start * TKernel.Rows;
                int i1 = (int)Math.Min((long)end * TKernel.Rows, M);
                float* a = TransposeA ? A + i0 : A + (long)i0 * Lda;
                GemmPackedDriver<TKernel>.Multiply(
                    TransposeA,
                    TransposeB,
                    i1 - i0,
                    N,
                    K,
                    Alpha,
                    a,
                    Lda,
                    B,
                    Ldb,
                    Beta,
                    C + (long)i0 * Ldc,
                    Ldc
                );
            }
        }
    }

    private static void ValidateArguments(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        int aLength,
        int lda,
        int bLength,
        int ldb,
        int cLength,
        int ldc
    )
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"Gemm: negative size m={m}, n={n}, k={k}.");
        int aRows = transposeA ? k : m,
            aCols = transposeA ? m : k;
        int bRows = transposeB ? n : k,
            bCols = transposeB ? k : n;
        CheckMatrix("A", aRows, aCols, aLength, lda);
        CheckMatrix("B", bRows, bCols, bLength, ldb);
        CheckMatrix("C", m, n, cLength, ldc);
    }

    private static void CheckMatrix(string name, int rows, int cols, int length, int ld)
    {
        if (rows == 0 || cols == 0)
            return;
        if (ld < cols)
            throw new ArgumentException($"Gemm: leading dimension of {name} is {ld}, less than its {cols} columns.");
        long needed = (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException(
                $"Gemm: {name} is {rows}x{cols} with leading dimension {ld} and needs {needed} elements, but its span "
                    + $"has {length}."
            );
    }
}
