using Recurrent.Cli.Commands;
using System.CommandLine;
using System.CommandLine.Help;

namespace Recurrent.Cli;

/// <summary>
/// The <c>recurrent</c> tool's command tree. Each subcommand lives in its own file under <c>Commands/</c> as a static
/// <c>Create()</c> that returns a <see cref="Command"/>; an application adds its command to <see cref="Subcommands"/>.
/// </summary>
public static class RecurrentCommandLine
{
    /// <summary>The top-level subcommands, in the order <c>--help</c> lists them.</summary>
    public static IEnumerable<Command> Subcommands() =>
        [
            InfoCommand.Create(),
            TextCommand.Create(),
            ClassifyCommand.Create(),
            ExportCommand.Create(),
            ForecastCommand.Create(),
            LabelCommand.Create(),
            Seq2SeqCommand.Create(),
            DriveCommand.Create(),
            DrawCommand.Create(),
            ServeCommand.Create(),
        ];

    /// <summary>Builds the root command with every subcommand.</summary>
    public static Command Build()
    {
        // A named command rather than RootCommand, whose name would be the assembly's (Recurrent.Cli) rather than the
        // tool's.
        var root = new Command(
            "recurrent",
            "recurrent: recurrent neural networks (RNN, LSTM, GRU) for .NET. Train, sample and inspect models from the "
                + "command line."
        )
        {
            new HelpOption(),
            new VersionOption(),
        };
        foreach (var command in Subcommands())
            root.Subcommands.Add(command);
        return root;
    }
}
