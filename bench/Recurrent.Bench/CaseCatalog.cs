using Recurrent.Bench.Cases;
using Recurrent.Bench.Cases.Gemm;
using Recurrent.Bench.Cases.Inference;
using Recurrent.Bench.Cases.RecurrentLayers;
using Recurrent.Bench.Harness;

namespace Recurrent.Bench;

/// <summary>
/// The bench cases. <see cref="All"/> holds the registered ones, those with both sides; the side-by-side run uses
/// only these. <see cref="AwaitingOurs"/> holds the recurrent-layer cases whose TorchSharp side is ready and whose
/// side in Recurrent arrives with the recurrent layers: register each with <see cref="PeerOnlyCase.WithOurs"/>.
/// </summary>
internal static class CaseCatalog
{
    /// <summary>The threads of every recurrent-layer case, as the recurrent-layers issue asks.</summary>
    private const int RecurrentThreads = 2;

    /// <summary>
    /// Recurrent-layer cases with only their TorchSharp side so far, in the order the issue lists them.
    /// </summary>
    public static readonly IReadOnlyList<PeerOnlyCase> AwaitingOurs =
    [
        .. CharRnnTrainingSpec.All.Select(spec => new PeerOnlyCase(
            spec.CaseName,
            BenchUnit.TokensPerSecond,
            CaseKind.RecurrentTraining,
            RecurrentThreads,
            DefaultSeconds: 3,
            () => new TorchSharpCharRnnTraining(spec)
        )),
        new PeerOnlyCase(
            new LstmSamplingSpec().CaseName,
            BenchUnit.TokensPerSecond,
            CaseKind.RecurrentInference,
            RecurrentThreads,
            DefaultSeconds: 3,
            () => new TorchSharpLstmSampling(new LstmSamplingSpec())
        ),
        new PeerOnlyCase(
            new RowMnistTrainingSpec().CaseName,
            BenchUnit.SamplesPerSecond,
            CaseKind.RecurrentTraining,
            RecurrentThreads,
            DefaultSeconds: 3,
            () => new TorchSharpRowMnistTraining(new RowMnistTrainingSpec())
        ),
    ];

    /// <summary>Every registered case, in the order the bench runs them. Declared after <see cref="AwaitingOurs"/>
    /// because static fields initialise in textual order and a registration may take a case from there.</summary>
    public static readonly IReadOnlyList<BenchCase> All =
    [
        .. GemmCases(),
        .. RecurrentTrainingCases(),
        .. InferenceCases(),
    ];

    /// <summary>The registered case with this exact name, or null.</summary>
    public static BenchCase? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// The case a worker runs: a registered one, else one awaiting ours (TorchSharp side only), else null.
    /// </summary>
    public static BenchCase? FindForWorker(string name) =>
        Find(name) ?? AwaitingOurs.FirstOrDefault(c => c.Name == name)?.TorchSharpSideOnly();

    private static IEnumerable<BenchCase> RecurrentTrainingCases()
    {
        foreach (var spec in CharRnnTrainingSpec.All)
            yield return Awaiting(spec.CaseName).WithOurs(() => new OursCharRnnTraining(spec)) with
            {
                FlopsPerWork = FlopCounts.CharRnnTraining(spec),
            };
        var rowMnist = new RowMnistTrainingSpec();
        yield return Awaiting(rowMnist.CaseName).WithOurs(() => new OursRowMnistTraining(rowMnist)) with
        {
            FlopsPerWork = FlopCounts.RowMnistTraining(rowMnist),
        };
    }

    private static PeerOnlyCase Awaiting(string name) => AwaitingOurs.Single(c => c.Name == name);

    // The inference cases, each with an ONNX Runtime side (the model as Recurrent.Onnx exports it) for --vs
    // onnxruntime.
    private static IEnumerable<BenchCase> InferenceCases()
    {
        var classification = new LstmClassificationSpec();
        yield return new BenchCase(
            classification.CaseName,
            BenchUnit.SamplesPerSecond,
            CaseKind.RecurrentInference,
            RecurrentThreads,
            DefaultSeconds: 3,
            CreateOurs: () => new OursLstmClassification(classification),
            CreateTorchSharp: () => new TorchSharpLstmClassification(classification)
        )
        {
            CreateOnnxRuntime = threads => new OnnxRuntimeLstmClassification(classification, threads),
            FlopsPerWork = FlopCounts.LstmClassification(classification),
        };
        var sampling = new LstmSamplingSpec();
        yield return Awaiting(sampling.CaseName).WithOurs(() => new OursLstmSampling(sampling)) with
        {
            CreateOnnxRuntime = threads => new OnnxRuntimeLstmSampling(sampling, threads),
            FlopsPerWork = FlopCounts.LstmSampling(sampling),
        };
        // Ours only: TorchSharp has no dynamic quantisation of an LSTM on the CPU to set beside it (BENCHMARKS.md).
        var int8Sampling = sampling with { Int8Weights = true };
        yield return new BenchCase(
            int8Sampling.CaseName,
            BenchUnit.TokensPerSecond,
            CaseKind.RecurrentInference,
            RecurrentThreads,
            DefaultSeconds: 3,
            CreateOurs: () => new OursLstmSampling(int8Sampling),
            CreateTorchSharp: null
        )
        {
            FlopsPerWork = FlopCounts.LstmSampling(int8Sampling),
        };
    }

    private static IEnumerable<BenchCase> GemmCases() =>
        GemmShape
            .All()
            .Select(shape => new BenchCase(
                shape.CaseName,
                BenchUnit.GigaflopsPerSecond,
                CaseKind.Kernel,
                shape.Threads,
                DefaultSeconds: 0.3,
                CreateOurs: () => new OursGemm(shape),
                CreateTorchSharp: () => new TorchSharpGemm(shape)
            )
            {
                FlopsPerWork = FlopCounts.Gemm,
            });
}
