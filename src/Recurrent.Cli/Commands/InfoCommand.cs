using Recurrent.Cli.Console;
using Recurrent.IO;
using System.CommandLine;
using System.Globalization;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent info FILE.safetensors</c>: the tensors, dtypes, shapes, parameter count, configuration and training
/// state of a file.
/// </summary>
public static class InfoCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file")
        {
            Description = "A safetensors file: a Recurrent checkpoint or a PyTorch state dict.",
        };
        var all = new Option<bool>("--all")
        {
            Description = "Also list the training-state tensors (optimiser buffers, carried recurrent state).",
        };
        var command = new Command(
            "info",
            "Show what a .safetensors checkpoint holds: tensors, dtypes, shapes, parameter count, stored configuration "
                + "and training state."
        )
        {
            file,
            all,
        };
        command.SetAction(parse =>
            CommandRunner.Run(parse, output => Show(output, parse.GetValue(file)!, parse.GetValue(all)))
        );
        return command;
    }

    private static int Show(TextWriter output, FileInfo path, bool all)
    {
        var file = SafeTensorsFile.Read(path.FullName);
        var weights = file
            .Entries.Where(e => !IsTrainingState(e.Name))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var training = file
            .Entries.Where(e => IsTrainingState(e.Name))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        long parameters = weights.Sum(e => (long)e.ElementCount);

        output.WriteLine($"{path.FullName} ({path.Length:N0} bytes)");
        output.WriteLine();
        WriteTable(output, weights, "tensor");
        if (training.Count > 0)
        {
            output.WriteLine();
            if (all)
                WriteTable(output, training, "training state");
            else
                output.WriteLine(
                    $"training state: {training.Count} tensors, {training.Sum(e => (long)e.ElementCount):N0} values "
                        + $"(--all lists them)"
                );
        }

        var configuration = file
            .Metadata.Where(kv => !IsTrainingState(kv.Key))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();
        var state = file
            .Metadata.Where(kv =>
                IsTrainingState(kv.Key)
                && (all || !kv.Key.StartsWith(StateDict.TrainingStatePrefix + "optimizer/", StringComparison.Ordinal))
            )
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();
        if (configuration.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("configuration:");
            int width = configuration.Max(kv => kv.Key.Length);
            foreach (var (key, value) in configuration)
                output.WriteLine($"  {key.PadRight(width)}  {value}");
        }
        if (state.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("training:");
            int width = state.Max(kv => kv.Key.Length) - StateDict.TrainingStatePrefix.Length;
            foreach (var (key, value) in state)
                output.WriteLine($"  {key[StateDict.TrainingStatePrefix.Length..].PadRight(width)}  {value}");
        }

        output.WriteLine();
        var results = new List<(string, object?)>
        {
            ("file", path.FullName),
            ("tensors", weights.Count),
            ("parameters", parameters),
            ("dtypes", string.Join(",", weights.Select(e => e.DType.ToString()).Distinct())),
            ("resumable", file.Metadata.ContainsKey(StateDict.TrainingStatePrefix + "step")),
        };
        if (file.Metadata.TryGetValue(StateDict.TrainingStatePrefix + "step", out var step))
            results.Add(("step", step));
        if (
            file.Metadata.TryGetValue(StateDict.TrainingStatePrefix + "best_val_loss", out var best)
            && double.TryParse(best, NumberStyles.Float, CultureInfo.InvariantCulture, out double bestValue)
        )
            results.Add(("best_val_loss", bestValue));
        ResultLines.Write(output, results);
        return 0;
    }

    private static bool IsTrainingState(string name) =>
        name.StartsWith(StateDict.TrainingStatePrefix, StringComparison.Ordinal);

    private static void WriteTable(TextWriter output, IReadOnlyList<SafeTensorsEntry> entries, string heading)
    {
        if (entries.Count == 0)
        {
            output.WriteLine($"no {heading}s");
            return;
        }
        var rows = entries
            .Select(e =>
                (
                    e.Name,
                    e.DType.ToString(),
                    Tensors.Shape.Format(e.Shape),
                    e.ElementCount.ToString("N0", CultureInfo.InvariantCulture)
                )
            )
            .ToList();
        int w0 = Math.Max(heading.Length, rows.Max(r => r.Item1.Length)),
            w1 = 5,
            w2 = Math.Max(5, rows.Max(r => r.Item3.Length));
        int w3 = Math.Max(6, rows.Max(r => r.Item4.Length));
        output.WriteLine(
            $"{heading.PadRight(w0)}  {"dtype".PadRight(w1)}  {"shape".PadRight(w2)}  {"values".PadLeft(w3)}"
        );
        foreach (var (name, dtype, shape, count) in rows)
            output.WriteLine($"{name.PadRight(w0)}  {dtype.PadRight(w1)}  {shape.PadRight(w2)}  {count.PadLeft(w3)}");
    }
}
