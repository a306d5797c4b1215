using Recurrent.Bench;
using Recurrent.Bench.Harness;
using Recurrent.Bench.Native;

// The bench: Recurrent side by side with TorchSharp-cpu. See BENCHMARKS.md. Hidden commands: "worker" (one side of
// one case in a child process) and "patch-native" (run after each build to patch libLibTorchSharp.so in the output).
try
{
    if (args.Length > 0 && args[0] == "worker")
        return Worker.Run(WorkerOptions.Parse(args[1..]));
    if (args.Length > 0 && args[0] == "patch-native")
    {
        foreach (
            var path in LibTorchSharpCompatibility.EnsurePatched(args.Length > 1 ? args[1] : AppContext.BaseDirectory)
        )
            Console.WriteLine(
                $"Recurrent.Bench: made the {LibTorchSharpCompatibility.MissingVersion} requirement of {path} weak."
            );
        return 0;
    }
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }

    var options = BenchOptions.Parse(args);
    if (options.List)
    {
        foreach (var benchCase in CaseCatalog.All)
            Console.WriteLine(benchCase.Name);
        foreach (var awaiting in CaseCatalog.AwaitingOurs.Where(c => CaseCatalog.Find(c.Name) is null))
            Console.WriteLine($"{awaiting.Name} (TorchSharp side only, waiting for Recurrent's layers)");
        return 0;
    }
    if (options.VersusTorchSharp)
        LibTorchSharpCompatibility.EnsurePatched(AppContext.BaseDirectory);
    return SideBySideRunner.Run(options);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Recurrent.Bench: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
