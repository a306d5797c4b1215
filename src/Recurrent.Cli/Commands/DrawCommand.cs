using Recurrent.Cli.Console;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Models.Drawing;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent draw</c>: a mixture-density LSTM that writes digits and letters with a pen (Graves 2013). <c>train</c>
/// on a stroke dataset, <c>score</c> held-out writers, <c>sample</c> a text or <c>grid</c> of drawings, and measure
/// legibility with a sequence classifier (<c>judge-train</c>, <c>legibility</c>).
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
            DrawScoreCommand.Create(),
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

    /// <summary>
    /// The <c>--model</c> option of the commands that use a trained drawing model: a checkpoint, or several (the option
    /// given again) for an ensemble.
    /// </summary>
    public static Option<FileInfo[]> ModelsOption() =>
        new("--model")
        {
            Description =
                "A drawing model checkpoint (best.safetensors of draw train). Give it again for an ensemble of models "
                    + "trained alike (other --seed), their mixture: a member picked at random draws each drawing.",
            Required = true,
        };

    /// <summary>The model or ensemble of the <c>--model</c> option.</summary>
    public static DrawingEnsemble LoadModels(ParseResult parse, Option<FileInfo[]> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return DrawingEnsemble.Load([.. parse.GetValue(option)!.Select(f => f.FullName)]);
    }

    /// <summary>The <c>--val-fraction</c> option: the share of the drawings (whole writers) held out for validation.
    /// </summary>
    public static Option<double> ValFractionOption() =>
        new("--val-fraction")
        {
            Description = "Share of the drawings (whole writers) held out for validation.",
            DefaultValueFactory = _ => 0.1,
        };

    /// <summary>The <c>--test-fraction</c> option: the share of the drawings (whole writers) held out for the test.
    /// </summary>
    public static Option<double> TestFractionOption() =>
        new("--test-fraction")
        {
            Description = "Share of the drawings (whole writers) held out for the final test.",
            DefaultValueFactory = _ => 0.1,
        };
}
