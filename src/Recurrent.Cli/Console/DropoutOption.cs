using System.Numerics;

namespace Recurrent.Cli.Console;

/// <summary>
/// The one check of <c>--dropout</c> for every command that trains with dropout; each command keeps its own option,
/// whose description says where it drops and whose default is its own.
/// </summary>
public static class DropoutOption
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the option unless <paramref name="value"/> is a
    /// probability in [0, 1).</summary>
    public static void Check<T>(T value)
        where T : INumber<T>
    {
        if (value < T.Zero || value >= T.One)
            throw new ArgumentException($"--dropout must be in [0, 1); got {value}.");
    }
}
