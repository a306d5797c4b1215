using System.Globalization;

namespace Recurrent.Cli.Console;

/// <summary>
/// The headline results of a command, printed last as <c>key=value</c> lines (numbers in the invariant culture) so
/// that scripts can read them, for example <c>val_loss=1.4712</c>.
/// </summary>
public static class ResultLines
{
    /// <summary>
    /// Writes each pair as one <c>key=value</c> line to <paramref name="output"/> (the command's standard output).
    /// </summary>
    public static void Write(TextWriter output, IEnumerable<(string Key, object? Value)> results)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        foreach (var (key, value) in results)
            output.WriteLine($"{key}={Format(value)}");
    }

    /// <summary>
    /// Formats a value as <see cref="Write"/> does: doubles with up to 6 significant digits, nothing for null.
    /// </summary>
    public static string Format(object? value) =>
        value switch
        {
            null => "",
            double d => d.ToString("G6", CultureInfo.InvariantCulture),
            float f => f.ToString("G6", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
}
