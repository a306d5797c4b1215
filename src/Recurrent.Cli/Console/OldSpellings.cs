using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// The old spellings (<see cref="OldSpelling{T}"/>) of a parsed command: whether an option was given under either
/// name, and the deprecation warning for the old ones used.
/// </summary>
public static class OldSpellings
{
    /// <summary>The old spellings among <paramref name="command"/>'s options.</summary>
    public static IEnumerable<IOldSpelling> Of(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Options.OfType<IOldSpelling>();
    }

    /// <summary>Whether the command line gives <paramref name="option"/>, under its name or its old one.</summary>
    public static bool IsGiven(ParseResult parse, Option option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(option);
        return parse.GetResult(option) is { Implicit: false }
            || Of(parse.CommandResult.Command)
                .Any(old => old.Current == option && parse.GetResult((Option)old) is not null);
    }

    /// <summary>Writes a warning to <paramref name="error"/> for each old spelling the command line uses.</summary>
    public static void Warn(ParseResult parse, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(error);
        foreach (var old in Of(parse.CommandResult.Command).Where(old => parse.GetResult((Option)old) is not null))
            error.WriteLine($"warning: {old.Name} is now {old.Current.Name}; the old name goes in the next release.");
    }
}
