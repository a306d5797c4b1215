using Recurrent.Cli.Console;
using Recurrent.Datasets;
using Recurrent.Models.Text;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent text score</c>: the mean next-character loss and bits per character of a text under a model. With
/// <c>--weights int8</c> the text is read one step at a time by a <see cref="CharSampler"/> with int8 weights, so the
/// loss is the one that sampling with those weights draws from.
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
        var weights = TextCommand.WeightsOption();
        var command = new Command(
            "score",
            "Print how well a character model predicts a text: loss in nats and bits per character."
        )
        {
            model,
            file,
            weights,
        };
        command.SetAction(parse => CommandRunner.Run(parse, output =>
            {
                var lm = TextCommand.LoadModel(parse.GetValue(model)!);
                string path = parse.GetValue(file)!;
                var text = TextCorpus.Load(path, lm.Vocabulary);
                var format = TextCommand.Weights(parse.GetValue(weights)!);
                TextScore score;
                if (format == SamplerWeights.Float32)
                    score = lm.Score(text.Tokens);
                else
                {
                    using var sampler = new CharSampler(lm, format);
                    score = sampler.Score(text.Tokens);
                }
                List<(string, object?)> lines =
                [
                    ("file", path),
                    ("characters", score.Characters + 1),
                    ("loss", score.MeanLoss),
                    ("bpc", score.BitsPerCharacter),
                ];
                if (format != SamplerWeights.Float32)
                    lines.Add(("weights", "int8"));
                ResultLines.Write(output, lines);
                return 0;
            }));
        return command;
    }
}
