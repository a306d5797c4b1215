using System.Globalization;
using System.Text;

namespace Recurrent.Bench.Harness;

/// <summary>
/// The parent side of the bench: for each selected case, starts one worker per configuration (ours, ours compiled
/// natively when asked, TorchSharp as shipped, TorchSharp's best candidates), then asks them for measurements in turn,
/// round-robin, so that drift on a shared machine hits every side alike, and prints one line of medians per case.
/// </summary>
internal static class SideBySideRunner
{
    /// <summary>Runs the selected cases and returns the exit code (1 when a case failed).</summary>
    public static int Run(BenchOptions options)
    {
        var cases = CaseCatalog
            .All.Where(c =>
                options.Filter is null || c.Name.Contains(options.Filter, StringComparison.OrdinalIgnoreCase)
            )
            // Against ONNX Runtime alone, only the cases that have its side.
            .Where(c => !options.VersusOnnxRuntime || options.VersusTorchSharp || c.CreateOnnxRuntime is not null)
            .ToList();
        if (cases.Count == 0)
        {
            Console.Error.WriteLine($"no case matches '{options.Filter}'; --list prints the case names.");
            return 2;
        }

        var limit = MachineLimit.Measure(cases.Select(c => options.Threads ?? c.Threads));
        Console.WriteLine(limit.Line());
        int failures = 0;
        foreach (var benchCase in cases)
        {
            try
            {
                Console.WriteLine(RunCase(benchCase, options, limit));
            }
            catch (Exception e) when (e is WorkerFailedException or IOException)
            {
                Console.Error.WriteLine($"case={benchCase.Name} failed: {e.Message}");
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static string RunCase(BenchCase benchCase, BenchOptions options, MachineLimit limit)
    {
        var configurations = new List<WorkerConfiguration> { WorkerConfiguration.Ours };
        if (options.NativeWorker is { } native)
            configurations.Add(WorkerConfiguration.Native(native));
        if (options.VersusTorchSharp && benchCase.CreateTorchSharp is not null)
        {
            configurations.Add(WorkerConfiguration.TorchSharp);
            configurations.AddRange(WorkerConfiguration.BestCandidates(benchCase));
        }
        // ONNX Runtime goes last so that the TorchSharp columns keep their places in the line.
        if (options.VersusOnnxRuntime && benchCase.CreateOnnxRuntime is not null)
            configurations.Add(WorkerConfiguration.OnnxRuntime);

        var workers = new List<WorkerProcess>();
        try
        {
            // Started one after another so that no warm-up competes with another for the cores.
            foreach (var configuration in configurations)
                workers.Add(WorkerProcess.Start(benchCase, configuration, options));
            var values = workers.Select(_ => new List<double>()).ToList();
            for (int repeat = 0; repeat < options.Repeats; repeat++)
            {
                for (int w = 0; w < workers.Count; w++)
                    values[w].Add(workers[w].Measure());
            }
            foreach (var worker in workers)
                worker.Finish();

            var results = configurations
                .Select((c, w) => new Result(c, Median(values[w]), workers[w].PeakMegabytes))
                .ToList();
            return FormatLine(benchCase, results, options.Threads, limit.PeakFor(options.Threads ?? benchCase.Threads));
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
        }
    }

    private sealed record Result(WorkerConfiguration Configuration, double Value, double PeakMegabytes);

    private static string FormatLine(BenchCase benchCase, IReadOnlyList<Result> results, int? threads, double peak)
    {
        var unit = benchCase.Unit;
        var ours = results[0];
        var native = results.FirstOrDefault(r => r.Configuration.Executable is not null);
        var line = new StringBuilder($"case={benchCase.Name} ours={unit.Print(ours.Value)}");
        Result? shipped = null,
            best = null;
        var torchSharp = results.Where(r => r.Configuration.Implementation == Implementation.TorchSharp).ToList();
        var onnxRuntime = results.FirstOrDefault(r => r.Configuration.Implementation == Implementation.OnnxRuntime);
        if (torchSharp.Count > 0)
        {
            shipped = torchSharp[0];
            best = torchSharp.Skip(1).MaxBy(r => r.Value)!;
            line.Append($" torchsharp={unit.Print(shipped.Value)} torchsharp_best={unit.Print(best.Value)}");
            line.Append($" ratio={Ratio(ours.Value, shipped.Value)} ratio_best={Ratio(ours.Value, best.Value)}");
        }
        if (onnxRuntime is not null)
            line.Append(
                $" onnxruntime={unit.Print(onnxRuntime.Value)} ratio_onnxruntime={Ratio(ours.Value, onnxRuntime.Value)}"
            );
        if (native is not null)
            line.Append($" native={unit.Print(native.Value)} ratio_native={Ratio(native.Value, ours.Value)}");
        line.Append($" unit={unit.Name}");
        if (benchCase.ReportsPeakMemory)
        {
            line.Append($" ours_peak_mb={Megabytes(ours.PeakMegabytes)}");
            if (native is not null)
                line.Append($" native_peak_mb={Megabytes(native.PeakMegabytes)}");
            if (shipped is not null && best is not null)
                line.Append(
                    $" torchsharp_peak_mb={Megabytes(shipped.PeakMegabytes)} "
                        + $"torchsharp_best_peak_mb={Megabytes(best.PeakMegabytes)}"
                );
        }
        if (best?.Configuration.OneDnn is { } oneDnn)
            line.Append($" torchsharp_best_mkldnn={(oneDnn ? "on" : "off")}");
        if (benchCase.FlopsPerWork is { } flops)
        {
            // The rate in FLOP/s over the FMA peak of our GEMM's path on the case's threads, for every side.
            string Fraction(Result r) =>
                (r.Value / unit.Scale * flops / peak).ToString("F2", CultureInfo.InvariantCulture);
            line.Append($" peak_fraction={Fraction(ours)}");
            if (shipped is not null && best is not null)
                line.Append(
                    $" torchsharp_peak_fraction={Fraction(shipped)} torchsharp_best_peak_fraction={Fraction(best)}"
                );
            if (onnxRuntime is not null)
                line.Append($" onnxruntime_peak_fraction={Fraction(onnxRuntime)}");
            if (native is not null)
                line.Append($" native_peak_fraction={Fraction(native)}");
        }
        if (threads is not null)
            line.Append($" threads={threads}");
        return line.ToString();
    }

    // Two decimals, but two significant digits for ratios under 0.1 so that they do not all print as 0.00.
    private static string Ratio(double ours, double peer)
    {
        double ratio = ours / peer;
        return ratio.ToString(ratio < 0.1 ? "G2" : "F2", CultureInfo.InvariantCulture);
    }

    private static string Megabytes(double megabytes) => megabytes.ToString("F0", CultureInfo.InvariantCulture);

    private static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
