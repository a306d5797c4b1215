using Recurrent.Bench.Harness;
using TorchSharp;
using static TorchSharp.torch;

namespace Recurrent.Bench.Cases.Gemm;

/// <summary>TorchSharp's side of a GEMM case, as a user writes it: <c>a.matmul(b)</c>, or <c>a.matmul(b.t())</c> on a
/// contiguous <c>[N,K]</c> b, returning a new tensor each call (libtorch calls MKL's sgemm).</summary>
internal sealed class TorchSharpGemm : IBenchWorkload
{
    private readonly GemmShape _shape;
    private readonly Tensor _a,
        _b;

    /// <summary>Fills A and B with uniform random values in [-1, 1).</summary>
    public TorchSharpGemm(GemmShape shape)
    {
        _shape = shape;
        _a = torch.rand(shape.M, shape.K).mul_(2).sub_(1);
        _b = (shape.TransposeB ? torch.rand(shape.N, shape.K) : torch.rand(shape.K, shape.N)).mul_(2).sub_(1);
    }

    /// <inheritdoc />
    public double WorkPerRun => _shape.FloatingPointOperations;

    /// <inheritdoc />
    public void Run()
    {
        using var scope = torch.NewDisposeScope();
        var c = _shape.TransposeB ? _a.matmul(_b.t()) : _a.matmul(_b);
        c.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }
}
