using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels;

[Collection(ProcessWideSettingsCollection.Name)]
public class GemmTests
{
    // (m, n, k) around the tile sizes (6 x 16 and 8 x 32, with its half tile for bottom edges of 1 to 4 rows), the k
    // block (256) and the small-row path (m <= 4).
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1),
        (1, 37, 19),
        (1, 64, 100),
        (1, 100, 3),
        (37, 1, 19),
        (2, 45, 17),
        (3, 9, 33),
        (4, 70, 129),
        (5, 17, 7),
        (6, 16, 8),
        (7, 33, 9),
        (8, 32, 16),
        (9, 31, 15),
        (13, 15, 1),
        (12, 48, 40),
        (17, 65, 257),
        (7, 20, 256),
        (25, 3, 255),
        (9, 2, 300),
        (31, 47, 61),
        (10, 64, 20),
        (11, 32, 300),
        (50, 96, 70),
    ];

    public static TheoryData<bool, bool, int, int, int, bool> AllForms()
    {
        var data = new TheoryData<bool, bool, int, int, int, bool>();
        foreach (bool vector512 in new[] { false, true })
            foreach (var (m, n, k) in Shapes)
                for (int form = 0; form < 4; form++)
                    data.Add(form >= 2, form % 2 == 1, m, n, k, vector512);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllForms))]
    public void MatchesDoublePrecisionProductInEveryForm(bool ta, bool tb, int m, int n, int k, bool vector512)
    {
        var kernel = vector512 ? GemmKernelChoice.Vector512 : GemmKernelChoice.Vector256;
        Check(ta, tb, m, n, k, 0.75f, 0.5f, kernel, seed: m * 7919 + n * 104729 + k);
    }

    public static TheoryData<bool, bool, int, int, int, bool> PrepackedForms()
    {
        var data = new TheoryData<bool, bool, int, int, int, bool>();
        foreach (bool vector512 in new[] { false, true })
            foreach (var (m, n, k) in Shapes.Append((7, 4100, 3)))
                for (int form = 0; form < 4; form++)
                    data.Add(form >= 2, form % 2 == 1, m, n, k, vector512);
        return data;
    }

    [Theory]
    [MemberData(nameof(PrepackedForms))]
    public void PrepackedBMatchesDoublePrecisionProduct(bool ta, bool tb, int m, int n, int k, bool vector512)
    {
        var kernel = vector512 ? GemmKernelChoice.Vector512 : GemmKernelChoice.Vector256;
        Check(ta, tb, m, n, k, 0.75f, 0.5f, kernel, seed: m * 31 + n * 17 + k, prepacked: true);
    }

    [Fact]
    public void UsingADisposedPackingThrows()
    {
        var packed = Gemm.Pack(false, 2, 2, new float[4], 2);
        packed.Dispose();
        Assert.Throws<ObjectDisposedException>(() =>
            Gemm.Multiply(false, 1, 1f, new float[2], 2, packed, 0f, new float[2], 2)
        );
    }

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(1f, 1f)]
    [InlineData(-2f, 1f)]
    [InlineData(0.5f, -3f)]
    [InlineData(0f, 2f)]
    [InlineData(0f, 0f)]
    public void HandlesAlphaAndBeta(float alpha, float beta)
    {
        foreach (var (m, n, k) in new[] { (1, 40, 9), (3, 17, 5), (11, 35, 19) })
            foreach (var kernel in new[] { GemmKernelChoice.Vector256, GemmKernelChoice.Vector512 })
                for (int form = 0; form < 4; form++)
                    Check(form >= 2, form % 2 == 1, m, n, k, alpha, beta, kernel, seed: 5);
    }

    [Theory]
    [InlineData(0, 5, 3)]
    [InlineData(5, 0, 3)]
    [InlineData(5, 7, 0)]
    [InlineData(1, 7, 0)]
    [InlineData(0, 0, 0)]
    public void HandlesEmptyDimensions(int m, int n, int k)
    {
        for (int form = 0; form < 4; form++)
        {
            Check(form >= 2, form % 2 == 1, m, n, k, 1f, 0f, GemmKernelChoice.Vector256, seed: 1);
            Check(form >= 2, form % 2 == 1, m, n, k, 1f, 0.5f, GemmKernelChoice.Vector256, seed: 1);
        }
    }

    // Bottom edges of 1 to 5 rows below whole 6-row tiles (the 1-2 and 3-4 row edges have kernels of their own),
    // with an odd and an even depth, and beta 0 and 1.
    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(50)]
    public void HandlesEveryBottomEdgeOfTheVector256Tile(int m)
    {
        foreach (int k in new[] { 1, 2, 37, 300 })
            for (int form = 0; form < 4; form++)
            {
                Check(form >= 2, form % 2 == 1, m, 35, k, 1f, 0f, GemmKernelChoice.Vector256, seed: 6);
                Check(form >= 2, form % 2 == 1, m, 35, k, -0.5f, 1f, GemmKernelChoice.Vector256, seed: 6);
            }
    }

    // Past the Vector256 kernel's cache blocks: MC = 144 rows, KC = 256 deep, NC = 4080 columns.
    [Theory]
    [InlineData(145, 33, 20)]
    [InlineData(289, 17, 3)]
    [InlineData(13, 40, 513)]
    [InlineData(7, 4097, 3)]
    [InlineData(150, 100, 300)]
    [InlineData(145, 4081, 2)]
    public void CrossesTheVector256CacheBlocks(int m, int n, int k)
    {
        for (int form = 0; form < 4; form++)
            Check(form >= 2, form % 2 == 1, m, n, k, 1f, 1f, GemmKernelChoice.Vector256, seed: 3);
    }

    // Past the Vector512 kernel's cache blocks (MC = 256, KC = 256, NC = 4096), on shapes small enough for its
    // software emulation on CPUs without AVX-512.
    [Theory]
    [InlineData(257, 9, 5)]
    [InlineData(9, 33, 257)]
    [InlineData(5, 4099, 2)]
    [InlineData(257, 4097, 1)]
    public void CrossesTheVector512CacheBlocks(int m, int n, int k)
    {
        for (int form = 0; form < 4; form++)
            Check(form >= 2, form % 2 == 1, m, n, k, 1f, 1f, GemmKernelChoice.Vector512, seed: 4);
    }

    [Theory]
    [InlineData(1, 512, 64)]
    [InlineData(2, 300, 33)]
    [InlineData(4, 1000, 7)]
    [InlineData(50, 100, 64)]
    [InlineData(23, 2, 40)]
    [InlineData(300, 20, 16)]
    [InlineData(23, 2, 600)]
    [InlineData(40, 33, 530)]
    [InlineData(7, 9, 1300)]
    public void SplitsAcrossTwoThreads(int m, int n, int k)
    {
        int threads = ParallelLoop.ThreadCount;
        long minFlops = Gemm.MinFlopsPerThread;
        try
        {
            ParallelLoop.ThreadCount = 2;
            Gemm.MinFlopsPerThread = 0;
            foreach (var kernel in new[] { GemmKernelChoice.Vector256, GemmKernelChoice.Vector512 })
                for (int form = 0; form < 4; form++)
                {
                    Check(form >= 2, form % 2 == 1, m, n, k, 1.5f, 0.25f, kernel, seed: 6);
                    Check(form >= 2, form % 2 == 1, m, n, k, 1.5f, 0.25f, kernel, seed: 8, prepacked: true);
                }
            ParallelLoop.ThreadCount = 1;
            Check(false, true, m, n, k, 1f, 0f, GemmKernelChoice.Vector256, seed: 7);
        }
        finally
        {
            ParallelLoop.ThreadCount = threads;
            Gemm.MinFlopsPerThread = minFlops;
        }
    }

    // A long k is split into slices, one per thread, summed after; with three threads two partial products are added.
    [Fact]
    public void SumsTheSlicesOfALongDepthOverThreeThreads()
    {
        int threads = ParallelLoop.ThreadCount;
        long minFlops = Gemm.MinFlopsPerThread;
        try
        {
            ParallelLoop.ThreadCount = 3;
            Gemm.MinFlopsPerThread = 0;
            for (int form = 0; form < 4; form++)
            {
                Check(form >= 2, form % 2 == 1, 31, 17, 1100, -0.5f, 0.75f, GemmKernelChoice.Vector256, seed: 9);
                Check(form >= 2, form % 2 == 1, 12, 40, 800, 1f, 0f, GemmKernelChoice.Vector512, seed: 10);
            }
        }
        finally
        {
            ParallelLoop.ThreadCount = threads;
            Gemm.MinFlopsPerThread = minFlops;
        }
    }

    [Fact]
    public void TensorOverloadChecksShapes()
    {
        var a = Recurrent.Tensors.Tensor.Zeros(3, 4);
        var b = Recurrent.Tensors.Tensor.Zeros(5, 6);
        var c = Recurrent.Tensors.Tensor.Zeros(3, 6);
        Assert.Throws<Recurrent.Tensors.ShapeMismatchException>(() => Gemm.Multiply(a, false, b, false, c));
    }

    [Fact]
    public void RejectsTooShortSpans()
    {
        Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[3], 2, new float[4], 2, 0f, new float[4], 2)
        );
        Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[4], 1, new float[4], 2, 0f, new float[4], 2)
        );
    }

    // Multiplies matrices stored with leading dimensions wider than their rows, whose gaps hold NaN (a kernel that
    // reads them poisons C) and whose C gaps hold a sentinel (a kernel that writes them is caught). With beta 0 the
    // old C is NaN too, which must not survive.
    private static void Check(
        bool ta,
        bool tb,
        int m,
        int n,
        int k,
        float alpha,
        float beta,
        GemmKernelChoice kernel,
        int seed,
        bool prepacked = false
    )
    {
        var rng = new Random(seed);
        int aRows = ta ? k : m,
            aCols = ta ? m : k,
            bRows = tb ? n : k,
            bCols = tb ? k : n;
        int lda = aCols + 3,
            ldb = bCols + 1,
            ldc = n + 2;
        var a = Strided(rng, aRows, aCols, lda, float.NaN);
        var b = Strided(rng, bRows, bCols, ldb, float.NaN);
        var c = Strided(rng, m, n, ldc, 12345f);
        if (beta == 0f)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    c[i * ldc + j] = float.NaN;

        var expected = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0,
                    abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = ta ? a[p * lda + i] : a[i * lda + p];
                    double y = tb ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                    abs += Math.Abs(x * y);
                }
                double old = beta == 0f ? 0 : c[i * ldc + j];
                expected[i * n + j] = alpha * sum + beta * old;
                magnitude[i * n + j] = Math.Abs(alpha) * abs + Math.Abs(beta * old);
            }

        var previous = Gemm.KernelOverride;
        Gemm.KernelOverride = kernel;
        try
        {
            if (prepacked)
            {
                using var packedB = Gemm.Pack(tb, k, n, b, ldb);
                Gemm.Multiply(ta, m, alpha, a, lda, packedB, beta, c, ldc);
            }
            else
            {
                Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            }
        }
        finally
        {
            Gemm.KernelOverride = previous;
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double got = c[i * ldc + j],
                    want = expected[i * n + j];
                double tolerance = 1e-5 * magnitude[i * n + j] + 1e-30;
                if (!(Math.Abs(got - want) <= tolerance))
                    Assert.Fail(
                        $"{(ta ? 'T' : 'N')}{(tb ? 'T' : 'N')} {m}x{n}x{k} alpha={alpha} beta={beta} {kernel}: "
                            + $"C[{i},{j}] = {got}, expected {want}"
                    );
            }
            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
                if (c[i * ldc + j] != 12345f)
                    Assert.Fail($"{m}x{n}x{k}: the gap after row {i} of C was written");
        }
    }

    private static float[] Strided(Random rng, int rows, int cols, int ld, float gap)
    {
        var x = new float[rows * ld];
        Array.Fill(x, gap);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                x[i * ld + j] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }
}
