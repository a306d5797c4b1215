using Recurrent.Cli.Console;
using Recurrent.Datasets;
using Recurrent.Models.Drawing;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent draw score</c>: the negative log-likelihood per point of the validation and test writers under a
/// trained model, or under an ensemble of models (<c>--model</c> given again), on the split <c>draw train</c> made.
/// </summary>
public static class DrawScoreCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = DrawCommand.ModelsOption();
        var dataDir = DrawCommand.DataDirectoryOption();
        var valFraction = DrawCommand.ValFractionOption();
        var testFraction = DrawCommand.TestFractionOption();
        var splitSeed = DrawLegibilityCommand.SplitSeedOption();
        var command = new Command(
            "score",
            "Report the held-out negative log-likelihood per point of a drawing model, or of an ensemble of models, "
                + "on the validation and test writers of the dataset it was trained on (give draw train's split "
                + "options)."
        )
        {
            model,
            dataDir.Option,
            valFraction,
            testFraction,
            splitSeed,
        };
        command.SetAction(parse => CommandRunner.Run(parse, output =>
            {
                var ensemble = DrawCommand.LoadModels(parse, model);
                var config = ensemble.Config;
                var corpus = StrokeCorpus.Find(config.Dataset);
                var dataset = DrawingDataset.Load(
                    corpus,
                    dataDir.Locator(parse),
                    config.Simplify,
                    parse.GetValue(valFraction),
                    parse.GetValue(testFraction),
                    parse.GetValue(splitSeed)
                );
                output.WriteLine(
                    $"{corpus.Name}: validation {dataset.Validation.Count} drawings, test {dataset.Test.Count}; "
                        + (ensemble.Members.Count == 1
                            ? "one model"
                            : $"an ensemble of {ensemble.Members.Count} models (their mixture)")
                );
                if (dataset.Validation.Count == 0)
                    throw new ArgumentException("The validation part is empty; give draw train's --val-fraction.");
                ResultLines.Write(output, [("models", ensemble.Members.Count), .. HeldOutResults(ensemble, dataset)]);
                return 0;
            }));
        return command;
    }

    /// <summary>
    /// The result lines of the held-out writers, as <c>draw train</c> ends and <c>draw score</c> reports them:
    /// <c>val_end_of_drawing_nll_per_point</c>, <c>test_nll_per_point</c> (when there are test writers) and
    /// <c>val_nll_per_point</c>, last so that it is the line a script reads at the end.
    /// </summary>
    internal static List<(string Key, object? Value)> HeldOutResults(DrawingEnsemble model, DrawingDataset dataset)
    {
        var validation = model.NegativeLogLikelihood(dataset.Validation);
        var results = new List<(string Key, object? Value)>
        {
            ("val_end_of_drawing_nll_per_point", validation.EndOfDrawingPerPoint),
        };
        if (dataset.Test.Count > 0)
            results.Add(("test_nll_per_point", model.NegativeLogLikelihood(dataset.Test).PerPoint));
        results.Add(("val_nll_per_point", validation.PerPoint));
        return results;
    }
}
