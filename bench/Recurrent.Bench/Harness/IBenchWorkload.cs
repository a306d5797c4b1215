namespace Recurrent.Bench.Harness;

/// <summary>
/// One implementation of a bench case (ours or TorchSharp's): built once in its own worker process, then run over
/// and over while the worker times it. Both implementations of a case do the same work per <see cref="Run"/>.
/// </summary>
/// <remarks>
/// The constructor allocates the model, data and optimizer state; <see cref="Run"/> does one unit of the case (one
/// GEMM, one training step, one sampled sequence) and returns only when that work is complete. The worker sets the
/// thread count (ours: <c>ParallelLoop.ThreadCount</c>; TorchSharp: <c>torch.set_num_threads</c>) before it constructs
/// the workload.
/// </remarks>
internal interface IBenchWorkload : IDisposable
{
    /// <summary>The work one <see cref="Run"/> does, counted in the numerator of the case's unit before its scale
    /// (floating-point operations for GFLOP/s, tokens for tokens/s, samples for samples/s).</summary>
    double WorkPerRun { get; }

    /// <summary>Does one unit of the case.</summary>
    void Run();
}
