using System.Globalization;

namespace Recurrent.Bench.Harness;

/// <summary>
/// The parent's command line: <c>[--filter TEXT] [--vs torchsharp|onnxruntime]... [--repeats N] [--seconds S]
/// [--warmup S] [--threads N] [--native PATH] [--list]</c>. <c>Threads</c> is the thread count every side runs with
/// instead of the case's own, or null for the case's; <c>NativeWorker</c> is the bench published with native AOT, whose
/// worker runs our side a second time as compiled ahead of time, or null.
/// </summary>
internal sealed record BenchOptions(
    string? Filter,
    bool VersusTorchSharp,
    bool VersusOnnxRuntime,
    int Repeats,
    double? Seconds,
    double WarmupSeconds,
    int? Threads,
    string? NativeWorker,
    bool List
)
{
    /// <summary>The usage text printed for <c>--help</c> and after a bad argument.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project bench/Recurrent.Bench -- [options]
          --filter TEXT     run only the cases whose name contains TEXT
          --vs torchsharp   run TorchSharp-cpu side by side (as shipped, and in its best configuration)
          --vs onnxruntime  run ONNX Runtime (CPU) side by side on the inference cases, with the model as
                            Recurrent exports it; give --vs twice for both peers
          --repeats N       measurements per implementation, alternating between them (default 5); the median is printed
          --seconds S       length of one measurement (default: per case, 0.3 s for GEMM, 3 s for recurrent cases)
          --warmup S        warm-up before the first measurement, at least one run unless 0 (default 0.5)
          --threads N       run every side on N threads instead of the case's own count (2 for the recurrent
                            cases; a GEMM case's count is in its name); the line then ends in threads=N
          --native PATH     also run our side in PATH, this bench published with native AOT (see BENCHMARKS.md);
                            the line gains native=<v> and ratio_native=<native/ours>
          --list            print the case names and exit
        """;

    /// <summary>Parses the arguments, throwing <see cref="ArgumentException"/> with a reason on a bad one.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        string? filter = null;
        bool versus = false,
            versusOnnxRuntime = false,
            list = false;
        int repeats = 5;
        double? seconds = null;
        double warmup = 0.5;
        int? threads = null;
        string? native = null;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--filter":
                    filter = Value(args, ref i);
                    break;
                case "--vs":
                    var peer = Value(args, ref i);
                    if (peer == "torchsharp")
                        versus = true;
                    else if (peer == "onnxruntime")
                        versusOnnxRuntime = true;
                    else
                        throw new ArgumentException(
                            $"--vs: unknown peer '{peer}'; the peers are torchsharp and onnxruntime."
                        );
                    break;
                case "--repeats":
                    repeats = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    if (repeats < 1)
                        throw new ArgumentException("--repeats must be at least 1.");
                    break;
                case "--seconds":
                    seconds = PositiveSeconds("--seconds", Value(args, ref i));
                    break;
                case "--warmup":
                    warmup = PositiveSeconds("--warmup", Value(args, ref i));
                    break;
                case "--threads":
                    threads = PositiveCount("--threads", Value(args, ref i));
                    break;
                case "--native":
                    native = Path.GetFullPath(Value(args, ref i));
                    if (!File.Exists(native))
                        throw new ArgumentException($"--native: {native} does not exist; publish the bench first.");
                    break;
                case "--list":
                    list = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'.");
            }
        }
        return new BenchOptions(
            filter,
            versus,
            versusOnnxRuntime,
            repeats,
            seconds,
            warmup,
            threads,
            native,
            list
        );
    }

    internal static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
            throw new ArgumentException($"{args[i]} needs a value.");
        return args[++i];
    }

    internal static int PositiveCount(string name, string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            throw new ArgumentException($"{name} must be a whole number of at least 1; got {text}.");
        return value;
    }

    internal static double PositiveSeconds(string name, string text)
    {
        double value = double.Parse(text, CultureInfo.InvariantCulture);
        if (!(value >= 0))
            throw new ArgumentException($"{name} must be a non-negative number of seconds; got {text}.");
        return value;
    }
}
