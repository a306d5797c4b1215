using System.Diagnostics;

namespace Recurrent.Bench.Harness;

/// <summary>
/// The parent's handle on one serving worker: this bench's own executable re-run with the hidden <c>worker</c>
/// command, in the environment its configuration asks for.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _label;

    private WorkerProcess(Process process, string label)
    {
        _process = process;
        _label = label;
    }

    /// <summary>The peak resident set size the worker reported last, in MiB.</summary>
    public double PeakMegabytes { get; private set; } = -1;

    /// <summary>Starts the worker and waits until it has built and warmed up its workload.</summary>
    /// <exception cref="WorkerFailedException">The worker failed or exited before it was ready.</exception>
    public static WorkerProcess Start(BenchCase benchCase, WorkerConfiguration configuration, BenchOptions options)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string host = configuration.Executable
            ?? Environment.ProcessPath
            ?? throw new InvalidOperationException("cannot find this process's executable.");
        start.FileName = host;
        if (configuration.Executable is null && Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (var argument in configuration.WorkerArguments(benchCase, options))
            start.ArgumentList.Add(argument);
        foreach (var name in WorkerConfiguration.TunedMallocEnvironment.Keys)
            start.Environment.Remove(name);
        if (configuration.TunedMalloc)
        {
            foreach (var (name, value) in WorkerConfiguration.TunedMallocEnvironment)
                start.Environment[name] = value;
        }

        var process = Process.Start(start)
            ?? throw new WorkerFailedException($"{configuration.Label}: could not start {host}.");
        var worker = new WorkerProcess(process, configuration.Label);
        try
        {
            var line = worker.ReadProtocolLine();
            if (line != WorkerProtocol.Ready)
                throw new WorkerFailedException(
                    $"{configuration.Label}: expected '{WorkerProtocol.Ready}', got '{line}'."
                );
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Asks for one measurement and returns it, in the case's unit.</summary>
    public double Measure()
    {
        _process.StandardInput.WriteLine(WorkerProtocol.MeasureCommand);
        _process.StandardInput.Flush();
        var line = ReadProtocolLine();
        if (!WorkerProtocol.TryParseResult(line, out double value, out double peak))
            throw new WorkerFailedException($"{_label}: expected a measurement, got '{line}'.");
        PeakMegabytes = peak;
        return value;
    }

    /// <summary>Tells the worker to exit and waits for it.</summary>
    public void Finish()
    {
        _process.StandardInput.WriteLine(WorkerProtocol.ExitCommand);
        _process.StandardInput.Flush();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            throw new WorkerFailedException($"{_label}: did not exit within 30 s of being asked to.");
        if (_process.ExitCode != 0)
            throw new WorkerFailedException($"{_label}: exited with code {_process.ExitCode}.");
    }

    /// <summary>Kills the worker if it is still running.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
    }

    // Skips whatever the worker's libraries print; a protocol error line or the end of the stream is a failure.
    private string ReadProtocolLine()
    {
        while (_process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(WorkerProtocol.Error, StringComparison.Ordinal))
                throw new WorkerFailedException($"{_label}: {line[WorkerProtocol.Error.Length..]}");
            if (line.StartsWith(WorkerProtocol.Prefix, StringComparison.Ordinal))
                return line;
            Console.Error.WriteLine($"[{_label}] {line}");
        }
        _process.WaitForExit();
        throw new WorkerFailedException($"{_label}: exited with code {_process.ExitCode} without answering.");
    }
}
