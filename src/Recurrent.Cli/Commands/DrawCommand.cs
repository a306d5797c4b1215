using System.CommandLine;
using Recurrent.Data;
using Recurrent.Datasets;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent draw</c>: a mixture-density LSTM that writes digits and letters with a pen (Graves 2013). <c>train</c>
/// on a stroke dataset, <c>sample</c> a text or <c>grid</c> of drawings, and measure legibility with a sequence
/// classifier (<c>judge-train</c>, <c>legibility</c>).
/// </summary>
public static class DrawCommand
{
    /// <summary>Creates the command and its subcommands.</summary>
    public static Command Create() => new("draw", "Handwriting: train a mixture-density LSTM on pen strokes (UNIPEN, Omniglot, Hershey), draw characters with it, and measure how legible they are.")
    {
        DrawTrainCommand.Create(),
        DrawSampleCommand.Create(),
        DrawSampleCommand.CreateGrid(),
        DrawLegibilityCommand.CreateJudgeTrain(),
        DrawLegibilityCommand.CreateLegibility(),
    };

    /// <summary>The <c>--data-dir</c> option shared by the subcommands that read a stroke dataset.</summary>
    public static Option<string?> DataDirectoryOption() => new("--data-dir")
    {
        Description = $"The directory holding the datasets (unipen-chars/, omniglot-strokes/, hershey/); default: ${DatasetLocator.DataDirectoryVariable}, else ../shared/data.",
    };

    /// <summary>The <c>--data</c> option naming a stroke dataset.</summary>
    public static Option<string> DatasetOption(string defaultName) => new("--data")
    {
        Description = $"The stroke dataset: {string.Join(", ", StrokeCorpus.All.Select(c => c.Name))}.",
        DefaultValueFactory = _ => defaultName,
    };

    /// <summary>A locator for <c>--data-dir</c>: the given directory, else <c>RECURRENT_DATA</c>, else <c>../shared/data</c> beside the working directory or the repository.</summary>
    public static DatasetLocator Locator(string? given)
    {
        if (!string.IsNullOrEmpty(given)) return new DatasetLocator(given);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DatasetLocator.DataDirectoryVariable))) return new DatasetLocator();
        var beside = Path.GetFullPath(Path.Combine("..", "shared", "data"));
        if (Directory.Exists(beside)) return new DatasetLocator(beside);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            if (File.Exists(Path.Combine(dir.FullName, "Recurrent.slnx")) && Directory.Exists(shared))
                return new DatasetLocator(shared);
        }
        return new DatasetLocator();
    }
}
