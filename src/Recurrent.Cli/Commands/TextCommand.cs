using Recurrent.Models.Text;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent text</c>: character language models (char-rnn): <c>train</c>, <c>sample</c>, <c>score</c>.
/// </summary>
public static class TextCommand
{
    /// <summary>Creates the command and its subcommands.</summary>
    public static Command Create() =>
        new("text", "Character-level language models (char-rnn): train on any UTF-8 text, generate text, score a text.")
        {
            TextTrainCommand.Create(),
            TextSampleCommand.Create(),
            TextScoreCommand.Create(),
        };

    /// <summary>
    /// The checkpoint a <c>--model</c> value names: the file itself, or <c>best.safetensors</c> (else
    /// <c>last.safetensors</c>) in a run directory.
    /// </summary>
    internal static string ModelPath(string model)
    {
        if (!Directory.Exists(model))
            return model;
        var best = Path.Combine(model, "best.safetensors");
        var last = Path.Combine(model, "last.safetensors");
        return File.Exists(best) || !File.Exists(last) ? best : last;
    }

    /// <summary>Loads the model a <c>--model</c> value names.</summary>
    internal static CharLanguageModel LoadModel(string model) => CharLanguageModel.Load(ModelPath(model));

    /// <summary>The <c>--weights</c> option of <c>sample</c> and <c>score</c>: float32 (default) or int8.</summary>
    internal static Option<string> WeightsOption()
    {
        var option = new Option<string>("--weights")
        {
            Description = "Weight format of the recurrent and output layers: float32 as trained, or int8 with a scale "
                + "per row (a quarter of the memory read per character; the scores move slightly).",
            DefaultValueFactory = _ => "float32",
        };
        option.AcceptOnlyFromAmong("float32", "int8");
        return option;
    }

    /// <summary>The <see cref="SamplerWeights"/> a <c>--weights</c> value names.</summary>
    internal static SamplerWeights Weights(string value) =>
        value == "int8" ? SamplerWeights.Int8 : SamplerWeights.Float32;
}
