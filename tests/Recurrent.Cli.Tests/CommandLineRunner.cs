using Recurrent.Cli;
using System.CommandLine;

namespace Recurrent.Tests;

/// <summary>Runs the <c>recurrent</c> tool in process, as the tests of its commands do.</summary>
public static class CommandLineRunner
{
    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code and what went to each stream.</summary>
    public static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = RecurrentCommandLine
            .Build()
            .Parse(args)
            .Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
