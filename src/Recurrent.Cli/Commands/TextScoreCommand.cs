using Recurrent.Cli.Console;
using Recurrent.Datasets;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent text score</c>: the mean next-character loss and bits per character of a text under a model.
/// </summary>
public static class TextScoreCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "A checkpoint from 'text train', or its run directory (best.safetensors is used).",
            DefaultValueFactory = _ => TextTrainCommand.DefaultRunDirectory,
        };
        var file = new Option<string>("--file")
        {
            Description = "The UTF-8 text to score; every character must be in the model's vocabulary.",
            Required = true,
        };
        var command = new Command(
            "score",
            "Print how well a character model predicts a text: loss in nats and bits per character."
        )
        {
            model,
            file,
        };
        command.SetAction(parse => CommandRunner.Run(parse, output =>
            {
                var lm = TextCommand.LoadModel(parse.GetValue(model)!);
                string path = parse.GetValue(file)!;
                var text = TextCorpus.Load(path, lm.Vocabulary);
                var score = lm.Score(text.Tokens);
                ResultLines.Write(
                    output,
                    [
                        ("file", path),
                        ("characters", score.Characters + 1),
                        ("loss", score.MeanLoss),
                        ("bpc", score.BitsPerCharacter),
                    ]
                );
                return 0;
            }));
        return command;
    }
}
