namespace Recurrent.Bench.Cases.Gemm;

/// <summary>
/// One GEMM case: <c>C[M,N] = A[M,K] * op(B)</c>, where B is stored <c>[K,N]</c> (form nn) or <c>[N,K]</c> and
/// used transposed (form nt, as a layer multiplies by its weight matrix), on a given number of threads.
/// </summary>
internal sealed record GemmShape(int M, int K, int N, bool TransposeB, int Threads)
{
    /// <summary>The case name, <c>gemm-&lt;form&gt;-&lt;M&gt;x&lt;K&gt;x&lt;N&gt;-t&lt;threads&gt;</c>.</summary>
    public string CaseName => $"gemm-{(TransposeB ? "nt" : "nn")}-{M}x{K}x{N}-t{Threads}";

    /// <summary>Floating-point operations of one product: a multiply and an add per inner-product term.</summary>
    public double FloatingPointOperations => 2.0 * M * K * N;

    /// <summary>The bench's GEMM cases: square 1024 and 2048, and a recurrent layer's per-step [50x512]x[512x2048]
    /// and all-steps [2500x512]x[512x2048] products, in both forms, on 1 and 2 threads.</summary>
    public static IEnumerable<GemmShape> All()
    {
        (int M, int K, int N)[] sizes = [(1024, 1024, 1024), (2048, 2048, 2048), (50, 512, 2048), (2500, 512, 2048)];
        foreach (var (m, k, n) in sizes)
        foreach (bool transposeB in new[] { false, true })
        foreach (int threads in new[] { 1, 2 })
            yield return new GemmShape(m, k, n, transposeB, threads);
    }
}
