namespace Recurrent.Bench.Harness;

/// <summary>Which side of a case a worker runs.</summary>
internal enum Implementation
{
    /// <summary>Recurrent's own implementation.</summary>
    Ours,

    /// <summary>TorchSharp-cpu (libtorch).</summary>
    TorchSharp,

    /// <summary>ONNX Runtime (CPU) running the model as Recurrent exports it; inference cases only.</summary>
    OnnxRuntime,
}
