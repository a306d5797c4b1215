using System.Diagnostics;

namespace Recurrent.Tests.Packaging;

/// <summary>
/// Runs the <c>dotnet</c> that runs the tests (or a program it installed) as a child process, without the test host's
/// MSBuild settings, which would point the child's project loading at the wrong SDK paths.
/// </summary>
public static class DotnetCommand
{
    /// <summary>The <c>dotnet</c> executable: the one <c>dotnet test</c> names, else the one on the PATH.</summary>
    public static string Host =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";

    /// <summary>Whether a .NET SDK answers <c>dotnet --version</c>.</summary>
    public static bool SdkAvailable()
    {
        try
        {
            return Run(Host, ["--version"], Directory.GetCurrentDirectory(), TimeSpan.FromMinutes(1)).Code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>;
    /// returns its exit code and its output and error streams together. Throws when it runs past
    /// <paramref name="limit"/>.
    /// </summary>
    public static (int Code, string Output) Run(
        string program,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan limit
    )
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var msbuild = start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase));
        foreach (var name in msbuild.ToList())
            start.Environment.Remove(name);
        // An installed tool's launcher finds the runtime through DOTNET_ROOT when dotnet is not in a standard place.
        if (Path.IsPathRooted(Host))
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Host);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{program} {string.Join(' ', start.ArgumentList)} ran past {limit.TotalSeconds:0} s");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
