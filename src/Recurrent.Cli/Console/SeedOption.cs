using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// <c>--seed</c>, with the one default every command shares, so that a command line without it means the same seed
/// in every command (and a documented result that depends on another seed has to say so).
/// </summary>
public static class SeedOption
{
    /// <summary>The seed when <c>--seed</c> is not given.</summary>
    public const ulong Default = 1;

    /// <summary>A <c>--seed</c> option; <paramref name="description"/> says what the seed draws.</summary>
    public static Option<ulong> Create(string description = "Random seed; the same seed gives the same run.") =>
        new("--seed") { Description = description, DefaultValueFactory = _ => Default };
}
