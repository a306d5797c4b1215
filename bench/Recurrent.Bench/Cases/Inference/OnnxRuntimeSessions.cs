using Microsoft.ML.OnnxRuntime;

namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// How every ONNX Runtime side opens its session: all graph optimisations, the case's thread count, one inter-op
/// thread.
/// </summary>
internal static class OnnxRuntimeSessions
{
    /// <summary>A CPU session over <paramref name="model"/> with <paramref name="threads"/> intra-op threads.</summary>
    public static InferenceSession Open(byte[] model, int threads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        return new InferenceSession(model, options);
    }
}
