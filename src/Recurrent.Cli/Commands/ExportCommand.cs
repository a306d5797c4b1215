using Recurrent.Cli.Console;
using Recurrent.Onnx;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent export --model DIR/NAME.safetensors [--out OUT]</c>: a checkpoint as an ONNX model for ONNX Runtime and
/// other ONNX readers, written as <c>OUT/NAME.onnx</c> (beside the checkpoint by default), so that the models of one
/// run directory (<c>lstm</c> and <c>ff</c>, <c>bidirectional</c> and <c>one_to_one</c>) export side by side.
/// </summary>
public static class ExportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model")
        {
            Description = "The checkpoint (.safetensors) to export.",
            Required = true,
        };
        var output = new Option<string?>("--out")
        {
            Description =
                "The directory to write NAME.onnx into, NAME being the checkpoint's (an "
                + "encoder-decoder also gets NAME.encoder.onnx and NAME.decoder.onnx); default: the "
                + "checkpoint's directory.",
        };
        var kind = new Option<string?>("--kind")
        {
            Description =
                $"The model kind, when the checkpoint does not name it (metadata key '{OnnxModelKinds.MetadataKey}'). "
                    + $"Known: {string.Join(", ", OnnxModelKinds.Known.Keys)}.",
        };
        var lengths = new Option<bool>("--with-lengths")
        {
            Description = "Add a 'lengths' input (int64 [batch]) for batches of sequences of different lengths.",
        };
        var state = new Option<bool>("--with-state")
        {
            Description = "Add the initial recurrent state as inputs and keep the final state as outputs (generation).",
        };
        var command = new Command(
            "export",
            $"Export a checkpoint to ONNX (opset {OnnxGraph.Opset}; recurrent layers as the ONNX RNN/LSTM/GRU "
                + $"operators; dynamic batch and sequence axes)."
        )
        {
            model,
            output,
            kind,
            lengths,
            state,
        };
        command.SetAction(parse => CommandRunner.Run(parse, writer =>
            {
                var modelPath = parse.GetValue(model)!;
                var error = parse.InvocationConfiguration.Error;
                var onnxPath = new FileInfo(OnnxPath(modelPath, parse.GetValue(output), error));
                var options = new OnnxExportOptions(parse.GetValue(lengths), parse.GetValue(state));
                return Export(writer, modelPath, onnxPath, parse.GetValue(kind), options);
            }));
        return command;
    }

    // OUT/NAME.onnx. An --out ending in .onnx is the previous release's form, the file itself, kept for one release.
    private static string OnnxPath(FileInfo model, string? outDirectory, TextWriter error)
    {
        string name = Path.GetFileNameWithoutExtension(model.Name) + ".onnx";
        if (outDirectory is null)
            return Path.Combine(model.DirectoryName ?? ".", name);
        if (!outDirectory.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            return Path.Combine(outDirectory, name);
        error.WriteLine(
            $"warning: --out {outDirectory}: --out now names a directory (NAME.onnx is written into it); "
                + "a file name ending in .onnx is read as before until the next release."
        );
        return outDirectory;
    }

    private static int Export(
        TextWriter output,
        FileInfo modelPath,
        FileInfo outPath,
        string? requestedKind,
        OnnxExportOptions options
    )
    {
        var export = OnnxExport.FromCheckpoint(modelPath.FullName, outPath.FullName, options, requestedKind);
        foreach (var file in export.Files)
            output.WriteLine($"wrote {file.Path}");
        var whole = export.Files[0];
        var results = new List<(string, object?)>
        {
            ("file", whole.Path),
            ("kind", export.Kind),
            ("opset", OnnxGraph.Opset),
            ("inputs", string.Join(",", whole.Graph.InputNames)),
            ("outputs", string.Join(",", whole.Graph.OutputNames)),
            ("bytes", new FileInfo(whole.Path).Length),
        };
        foreach (var part in export.Files.Skip(1))
        {
            results.Add(($"{part.Part}_file", part.Path));
            results.Add(($"{part.Part}_inputs", string.Join(",", part.Graph.InputNames)));
            results.Add(($"{part.Part}_outputs", string.Join(",", part.Graph.OutputNames)));
        }
        ResultLines.Write(output, results);
        return 0;
    }
}
