using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// A hidden option that keeps the previous release's name of <see cref="Current"/> working for one more release,
/// so that the tests and the deprecation warning can find every old spelling of a command without knowing its type.
/// </summary>
public interface IOldSpelling
{
    /// <summary>The option under its current name, which takes this one's value.</summary>
    Option Current { get; }

    /// <summary>The old name, as typed on the command line.</summary>
    string Name { get; }
}
