namespace Recurrent.Bench.Harness;

/// <summary>
/// How the parent starts one worker of a case: which implementation, whether glibc's allocator is told to keep big
/// freed blocks, and whether libtorch's oneDNN is forced on or off (null: libtorch's default).
/// </summary>
internal sealed record WorkerConfiguration(string Label, Implementation Implementation, bool TunedMalloc, bool? OneDnn)
{
    /// <summary>
    /// The executable that runs the worker: null for this bench as it runs now (JIT), else the path of the bench
    /// published with native AOT.
    /// </summary>
    public string? Executable { get; init; }

    /// <summary>glibc's malloc keeps blocks up to 256 MiB off mmap and trims its heap only above 1 GiB free, so a
    /// library that frees and reallocates multi-MB buffers every call does not fault their pages in again.</summary>
    public static readonly IReadOnlyDictionary<string, string> TunedMallocEnvironment = new Dictionary<string, string>
    {
        ["MALLOC_MMAP_THRESHOLD_"] = "268435456",
        ["MALLOC_TRIM_THRESHOLD_"] = "1073741824",
    };

    /// <summary>Recurrent's implementation, in the environment as the user gave it (minus malloc tuning).</summary>
    public static readonly WorkerConfiguration Ours = new("ours", Implementation.Ours, false, null);

    /// <summary>Recurrent's implementation in the natively compiled bench at <paramref name="executable"/>.</summary>
    public static WorkerConfiguration Native(string executable) =>
        new("native", Implementation.Ours, false, null) { Executable = executable };

    /// <summary>ONNX Runtime with its default session options and the case's thread count.</summary>
    public static readonly WorkerConfiguration OnnxRuntime = new(
        "onnxruntime",
        Implementation.OnnxRuntime,
        false,
        null
    );

    /// <summary>TorchSharp as a user gets it.</summary>
    public static readonly WorkerConfiguration TorchSharp = new("torchsharp", Implementation.TorchSharp, false, null);

    /// <summary>
    /// The configurations that compete for <c>torchsharp_best</c>: tuned malloc, and for recurrent cases oneDNN on
    /// and off (measured both, the faster is reported).
    /// </summary>
    public static IReadOnlyList<WorkerConfiguration> BestCandidates(BenchCase benchCase) =>
        benchCase.ChoosesOneDnn
            ?
            [
                new("torchsharp_best(mkldnn=on)", Implementation.TorchSharp, true, true),
                new("torchsharp_best(mkldnn=off)", Implementation.TorchSharp, true, false),
            ]
            : [new("torchsharp_best", Implementation.TorchSharp, true, null)];

    /// <summary>The arguments of the hidden worker command for this configuration.</summary>
    public IEnumerable<string> WorkerArguments(BenchCase benchCase, BenchOptions options)
    {
        yield return "worker";
        yield return "--serve";
        yield return "--case";
        yield return benchCase.Name;
        yield return "--impl";
        yield return Implementation switch
        {
            Implementation.Ours => "ours",
            Implementation.OnnxRuntime => "onnxruntime",
            _ => "torchsharp",
        };
        if (OneDnn is { } enabled)
        {
            yield return "--mkldnn";
            yield return enabled ? "on" : "off";
        }
        yield return "--warmup";
        yield return options.WarmupSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (options.Threads is { } threads)
        {
            yield return "--threads";
            yield return threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (options.Seconds is { } seconds)
        {
            yield return "--seconds";
            yield return seconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
