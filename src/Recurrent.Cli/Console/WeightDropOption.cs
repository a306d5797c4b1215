using System.CommandLine;

namespace Recurrent.Cli.Console;

/// <summary>
/// <c>--weight-drop</c> (AWD-LSTM's weight drop, <see cref="Recurrent.Layers.RecurrentLayer.WeightDrop"/>), one
/// option with one check for every command that trains recurrent layers; each command keeps its own default.
/// </summary>
public static class WeightDropOption
{
    /// <summary>A <c>--weight-drop</c> option whose value is <paramref name="defaultValue"/> when not given.</summary>
    public static Option<double> Create(double defaultValue) =>
        new("--weight-drop")
        {
            Description =
                "Probability of dropping each recurrent (hidden-to-hidden) weight at every training step: AWD-LSTM's "
                    + "weight drop. 0 drops none.",
            DefaultValueFactory = _ => defaultValue,
        };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the option unless <paramref name="value"/> is a
    /// probability in [0, 1).</summary>
    public static void Check(double value)
    {
        if (value is < 0 or >= 1)
            throw new ArgumentException($"--weight-drop must be in [0, 1); got {value}.");
    }
}
