using Recurrent.Bench.Harness;
using Recurrent.Kernels;

namespace Recurrent.Bench.Cases.Gemm;

/// <summary>Our side of a GEMM case: <see cref="global::Recurrent.Kernels.Gemm.Multiply(bool, bool, int, int, int,
/// float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
/// into a preallocated C, on <see cref="ParallelLoop.ThreadCount"/> threads (set by the worker).</summary>
internal sealed class OursGemm : IBenchWorkload
{
    private readonly GemmShape _shape;
    private readonly float[] _a,
        _b,
        _c;

    /// <summary>Fills A and B with uniform random values in [-1, 1).</summary>
    public OursGemm(GemmShape shape)
    {
        _shape = shape;
        var random = new Random(20261127);
        _a = RandomMatrix(random, shape.M * shape.K);
        _b = RandomMatrix(random, shape.K * shape.N);
        _c = new float[shape.M * shape.N];
    }

    /// <inheritdoc />
    public double WorkPerRun => _shape.FloatingPointOperations;

    /// <inheritdoc />
    public void Run()
    {
        var s = _shape;
        global::Recurrent.Kernels.Gemm.Multiply(
            false,
            s.TransposeB,
            s.M,
            s.N,
            s.K,
            1f,
            _a,
            s.K,
            _b,
            s.TransposeB ? s.K : s.N,
            0f,
            _c,
            s.N
        );
    }

    /// <inheritdoc />
    public void Dispose() { }

    private static float[] RandomMatrix(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)(2 * random.NextDouble() - 1);
        return values;
    }
}
