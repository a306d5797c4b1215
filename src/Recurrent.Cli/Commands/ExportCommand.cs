using System.CommandLine;
using Recurrent.Cli.Console;
using Recurrent.Cli.Export;
using Recurrent.IO;
using Recurrent.Onnx;

namespace Recurrent.Cli.Commands;

/// <summary><c>recurrent export --model M.safetensors --out model.onnx</c>: a checkpoint as an ONNX model for ONNX Runtime and other ONNX readers.</summary>
public static class ExportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "The checkpoint (.safetensors) to export.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The ONNX file to write.", Required = true };
        var kind = new Option<string?>("--kind") { Description = $"The model kind, when the checkpoint does not name it (metadata key '{OnnxModelKinds.MetadataKey}'). Known: {string.Join(", ", OnnxModelKinds.Known.Keys)}." };
        var lengths = new Option<bool>("--with-lengths") { Description = "Add a 'lengths' input (int64 [batch]) for batches of sequences of different lengths." };
        var state = new Option<bool>("--with-state") { Description = "Add the initial recurrent state as inputs and keep the final state as outputs (generation)." };
        var command = new Command("export", $"Export a checkpoint to ONNX (opset {OnnxGraph.Opset}; recurrent layers as the ONNX RNN/LSTM/GRU operators; dynamic batch and sequence axes).")
        {
            model,
            output,
            kind,
            lengths,
            state,
        };
        command.SetAction(parse => CommandRunner.Run(parse, writer => Export(writer, parse.GetValue(model)!, parse.GetValue(output)!, parse.GetValue(kind),
            new OnnxExportChoices(parse.GetValue(lengths), parse.GetValue(state)))));
        return command;
    }

    private static int Export(TextWriter output, FileInfo modelPath, FileInfo outPath, string? requestedKind, OnnxExportChoices choices)
    {
        var file = SafeTensorsFile.Read(modelPath.FullName);
        string kind = OnnxModelKinds.KindOf(file, requestedKind);
        var model = OnnxModelKinds.Known[kind](file, choices);
        var graph = Write(model, kind, outPath.FullName, output);
        var results = new List<(string, object?)>
        {
            ("file", outPath.FullName),
            ("kind", kind),
            ("opset", OnnxGraph.Opset),
            ("inputs", string.Join(",", graph.InputNames)),
            ("outputs", string.Join(",", graph.OutputNames)),
            ("bytes", new FileInfo(outPath.FullName).Length),
        };
        // An encoder-decoder also gets the graphs a generation loop calls, beside the requested file: model.encoder.onnx, model.decoder.onnx.
        if (model is IOnnxExportableParts parts)
        {
            foreach (var (part, partModel) in parts.OnnxParts)
            {
                string partPath = Path.Combine(outPath.DirectoryName ?? ".", $"{Path.GetFileNameWithoutExtension(outPath.Name)}.{part}{outPath.Extension}");
                var partGraph = Write(partModel, kind, partPath, output, part);
                results.Add(($"{part}_file", partPath));
                results.Add(($"{part}_inputs", string.Join(",", partGraph.InputNames)));
                results.Add(($"{part}_outputs", string.Join(",", partGraph.OutputNames)));
            }
        }
        ResultLines.Write(output, results);
        return 0;
    }

    private static OnnxGraph Write(IOnnxExportable model, string kind, string path, TextWriter output, string part = "whole teacher-forced pass")
    {
        var graph = OnnxExport.Build(model);
        graph.Metadata[OnnxModelKinds.MetadataKey] = kind;
        if (model is IOnnxExportableParts || model is OnnxGraphPart)
            graph.Metadata["part"] = part;
        graph.Write(path);
        output.WriteLine($"wrote {path}");
        return graph;
    }
}
