using Recurrent.Kernels;
using System.Diagnostics;

namespace Recurrent.Bench.Harness;

/// <summary>
/// The child side of the bench: builds one implementation of one case in this process, warms it up, and times it.
/// Alone it prints one measurement and exits; with <c>--serve</c> it waits on standard input for the parent's
/// <c>measure</c> and <c>exit</c> commands, so the parent can alternate between workers.
/// </summary>
internal static class Worker
{
    /// <summary>
    /// Runs the worker with the arguments that follow the hidden <c>worker</c> command; returns the exit code.
    /// </summary>
    public static int Run(WorkerOptions options)
    {
        try
        {
            var benchCase = CaseCatalog.FindForWorker(options.CaseName)
                ?? throw new ArgumentException($"no case named '{options.CaseName}'; see --list.");
            using var workload = Build(benchCase, options);
            double seconds = options.Seconds ?? benchCase.DefaultSeconds;
            if (options.WarmupSeconds > 0)
                Measure(workload, options.WarmupSeconds, benchCase.Unit);

            if (!options.Serve)
            {
                Console.WriteLine(
                    WorkerProtocol.Result(Measure(workload, seconds, benchCase.Unit), PeakMemory.ReadMegabytes())
                );
                return 0;
            }
            Console.WriteLine(WorkerProtocol.Ready);
            while (Console.ReadLine() is { } command && command != WorkerProtocol.ExitCommand)
            {
                if (command != WorkerProtocol.MeasureCommand)
                    throw new InvalidOperationException($"unknown command '{command}'.");
                Console.WriteLine(
                    WorkerProtocol.Result(Measure(workload, seconds, benchCase.Unit), PeakMemory.ReadMegabytes())
                );
            }
            return 0;
        }
        catch (Exception e)
        {
            Console.WriteLine(WorkerProtocol.Error + e.ToString().ReplaceLineEndings(" | "));
            return 1;
        }
    }

    private static IBenchWorkload Build(BenchCase benchCase, WorkerOptions options)
    {
        int threads = options.Threads ?? benchCase.Threads;
        if (options.Implementation == Implementation.Ours)
        {
            if (options.OneDnn is not null)
                throw new ArgumentException("--mkldnn applies to the torchsharp implementation only.");
            ParallelLoop.ThreadCount = threads;
            return benchCase.CreateOurs();
        }
        if (options.Implementation == Implementation.OnnxRuntime)
        {
            if (options.OneDnn is not null)
                throw new ArgumentException("--mkldnn applies to the torchsharp implementation only.");
            return (
                benchCase.CreateOnnxRuntime
                ?? throw new ArgumentException(
                    $"case '{benchCase.Name}' has no ONNX Runtime side; only the inference cases have one."
                )
            )(threads);
        }
        var createTorchSharp = benchCase.CreateTorchSharp
            ?? throw new ArgumentException($"case '{benchCase.Name}' has no TorchSharp side; only --impl ours runs.");
        TorchSharpSetup.Configure(threads, options.OneDnn);
        return createTorchSharp();
    }

    // Runs the workload for at least the given time and at least once; returns the rate in the case's unit.
    private static double Measure(IBenchWorkload workload, double seconds, BenchUnit unit)
    {
        long runs = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            workload.Run();
            runs++;
        } while (clock.Elapsed.TotalSeconds < seconds);
        return runs * workload.WorkPerRun / clock.Elapsed.TotalSeconds * unit.Scale;
    }
}
