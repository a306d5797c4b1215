namespace Recurrent.Bench.Harness;

/// <summary>
/// A worker's command line: <c>worker --case NAME --impl ours|torchsharp|onnxruntime [--mkldnn on|off] [--seconds S]
/// [--warmup S] [--threads N] [--serve]</c>.
/// </summary>
internal sealed record WorkerOptions(
    string CaseName,
    Implementation Implementation,
    bool? OneDnn,
    double? Seconds,
    double WarmupSeconds,
    int? Threads,
    bool Serve
)
{
    /// <summary>Parses the arguments after <c>worker</c>.</summary>
    public static WorkerOptions Parse(IReadOnlyList<string> args)
    {
        string? caseName = null;
        Implementation? implementation = null;
        bool? oneDnn = null;
        double? seconds = null;
        double warmup = 0.5;
        int? threads = null;
        bool serve = false;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--case":
                    caseName = BenchOptions.Value(args, ref i);
                    break;
                case "--impl":
                    implementation = BenchOptions.Value(args, ref i) switch
                    {
                        "ours" => Implementation.Ours,
                        "torchsharp" => Implementation.TorchSharp,
                        "onnxruntime" => Implementation.OnnxRuntime,
                        var other => throw new ArgumentException(
                            $"--impl: unknown implementation '{other}'; use ours, torchsharp or onnxruntime."
                        ),
                    };
                    break;
                case "--mkldnn":
                    oneDnn = BenchOptions.Value(args, ref i) switch
                    {
                        "on" => true,
                        "off" => false,
                        var other => throw new ArgumentException($"--mkldnn: expected on or off, got '{other}'."),
                    };
                    break;
                case "--seconds":
                    seconds = BenchOptions.PositiveSeconds("--seconds", BenchOptions.Value(args, ref i));
                    break;
                case "--warmup":
                    warmup = BenchOptions.PositiveSeconds("--warmup", BenchOptions.Value(args, ref i));
                    break;
                case "--threads":
                    threads = BenchOptions.PositiveCount("--threads", BenchOptions.Value(args, ref i));
                    break;
                case "--serve":
                    serve = true;
                    break;
                default:
                    throw new ArgumentException($"worker: unknown argument '{args[i]}'.");
            }
        }
        return new WorkerOptions(
            caseName ?? throw new ArgumentException("worker: --case is required."),
            implementation ?? throw new ArgumentException("worker: --impl is required."),
            oneDnn,
            seconds,
            warmup,
            threads,
            serve
        );
    }
}
