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
}
