namespace Recurrent.Bench.Harness;

/// <summary>What a case measures, shaping how the bench runs and reports it.</summary>
internal enum CaseKind
{
    /// <summary>A kernel such as GEMM: speed only.</summary>
    Kernel,

    /// <summary>Inference through a recurrent layer: speed, and TorchSharp's best of oneDNN on and off.</summary>
    RecurrentInference,

    /// <summary>
    /// Training through a recurrent layer: speed and peak memory, and TorchSharp's best of oneDNN on and off.
    /// </summary>
    RecurrentTraining,
}

/// <summary>
/// A bench case: its name (what <c>--filter</c> matches), unit, thread count, and a factory for each side. A case
/// is registered when both sides exist, or ours alone where TorchSharp has nothing comparable (the int8 sampler).
/// </summary>
/// <param name="Name">The name printed as <c>case=</c>.</param>
/// <param name="Unit">The unit of both sides' values.</param>
/// <param name="Kind">Whether it is a kernel, recurrent inference or recurrent training.</param>
/// <param name="Threads">The number of threads each side may use.</param>
/// <param name="DefaultSeconds">How long one measurement runs unless <c>--seconds</c> says otherwise (at least one
/// run of the workload).</param>
/// <param name="CreateOurs">Builds Recurrent's implementation.</param>
/// <param name="CreateTorchSharp">Builds TorchSharp's implementation, or null where the case is ours only.</param>
internal sealed record BenchCase(
    string Name,
    BenchUnit Unit,
    CaseKind Kind,
    int Threads,
    double DefaultSeconds,
    Func<IBenchWorkload> CreateOurs,
    Func<IBenchWorkload>? CreateTorchSharp
)
{
    /// <summary>
    /// The floating-point operations per unit of work (<see cref="IBenchWorkload.WorkPerRun"/>), from
    /// <see cref="Cases.FlopCounts"/>, or null where none is counted; it gives the line's <c>peak_fraction</c>.
    /// </summary>
    public double? FlopsPerWork { get; init; }

    /// <summary>Builds ONNX Runtime's implementation (the model exported by Recurrent.Onnx) for a thread count, or null
    /// where the case has none.</summary>
    public Func<int, IBenchWorkload>? CreateOnnxRuntime { get; init; }

    /// <summary>Whether the report carries each side's peak memory.</summary>
    public bool ReportsPeakMemory => Kind == CaseKind.RecurrentTraining;

    /// <summary>Whether TorchSharp's best configuration is the faster of oneDNN on and oneDNN off.</summary>
    public bool ChoosesOneDnn => Kind != CaseKind.Kernel;
}
