using Recurrent.Cli.Console;
using Recurrent.Data;
using Recurrent.Datasets;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent draw</c>: a mixture-density LSTM that writes digits and letters with a pen (Graves 2013). <c>train</c>
/// on a stroke dataset, <c>sample</c> a text or <c>grid</c> of drawings, and measure legibility with a sequence
/// classifier (<c>judge-train</c>, <c>legibility</c>).
/// </summary>
public static class DrawCommand
{
    /// <summary>Creates the command and its subcommands.</summary>
    public static Command Create() =>
        new(
            "draw",
            "Handwriting: train a mixture-density LSTM on pen strokes (UNIPEN, Omniglot, Hershey), draw characters "
                + "with it, and measure how legible they are."
        )
        {
            DrawTrainCommand.Create(),
            DrawSampleCommand.Create(),
            DrawSampleCommand.CreateGrid(),
            DrawLegibilityCommand.CreateJudgeTrain(),
            DrawLegibilityCommand.CreateLegibility(),
        };

    /// <summary>The <c>--data-dir</c> option shared by the subcommands that read a stroke dataset.</summary>
    public static DataDirectoryOption DataDirectoryOption() =>
        new("the stroke datasets (unipen-chars/, omniglot-strokes/, hershey/)");

    /// <summary>The <c>--dataset</c> option naming a stroke dataset.</summary>
    public static Option<string> DatasetOption(string defaultName) =>
        new("--dataset")
        {
            Description = $"The stroke dataset: {string.Join(", ", StrokeCorpus.All.Select(c => c.Name))}.",
            DefaultValueFactory = _ => defaultName,
        };
}
