using Recurrent.Kernels;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text;

namespace Recurrent.Bench.Harness;

/// <summary>
/// What the machine running the bench can do at most: its CPU, its cores, the micro-kernel our GEMM runs on it, and
/// the FMA peak (<see cref="FmaPeak"/>) of the Vector256 path and, where the hardware runs it natively, the Vector512
/// path, on each thread count the cases use. A case's <c>peak_fraction</c> is its FLOP rate over
/// <see cref="PeakFor"/>: the peak of the path our GEMM uses, on the case's threads.
/// </summary>
internal sealed class MachineLimit
{
    private readonly SortedDictionary<(int Bits, int Threads), double> _peaks = [];

    private MachineLimit(string cpuModel, GemmKernelChoice kernel)
    {
        CpuModel = cpuModel;
        Kernel = kernel;
    }

    /// <summary>The CPU's name as /proc/cpuinfo gives it (<c>model name</c>), or "unknown".</summary>
    public string CpuModel { get; }

    /// <summary>The micro-kernel our GEMM uses here (Vector512 or Vector256).</summary>
    public GemmKernelChoice Kernel { get; }

    /// <summary>Measures the peaks on one thread and on each of <paramref name="threadCounts"/>.</summary>
    public static MachineLimit Measure(IEnumerable<int> threadCounts)
    {
        var limit = new MachineLimit(ReadCpuModel(), Gemm.KernelInUse);
        int[] threads = [.. threadCounts.Append(1).Distinct().Order()];
        foreach (int count in threads)
        {
            limit._peaks[(256, count)] = FmaPeak.Measure(wide: false, count);
            if (Vector512.IsHardwareAccelerated)
                limit._peaks[(512, count)] = FmaPeak.Measure(wide: true, count);
        }
        return limit;
    }

    /// <summary>The peak in FLOP/s of our GEMM's path on <paramref name="threads"/> threads.</summary>
    public double PeakFor(int threads) => _peaks[(Kernel == GemmKernelChoice.Vector512 ? 512 : 256, threads)];

    /// <summary>
    /// The bench's first line: <c>machine cpu="..." cores=N gemm_kernel=vector512|vector256
    /// peak_v256_t1=G ... [peak_v512_t1=G ...] unit=GFLOP/s</c>.
    /// </summary>
    public string Line()
    {
        var line = new StringBuilder(
            $"machine cpu=\"{CpuModel}\" cores={Environment.ProcessorCount} "
                + $"gemm_kernel={Kernel.ToString().ToLowerInvariant()}"
        );
        foreach (var ((bits, threads), peak) in _peaks)
            line.Append(CultureInfo.InvariantCulture, $" peak_v{bits}_t{threads}={peak * 1e-9:F1}");
        return line.Append(" unit=GFLOP/s").ToString();
    }

    private static string ReadCpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
            return "unknown";
        foreach (var line in File.ReadLines(CpuInfo))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is int colon and > 0)
                return line[(colon + 1)..].Trim().Replace('"', '\'');
        }
        return "unknown";
    }
}
