using Recurrent.IO;

namespace Recurrent.Onnx;

/// <summary>
/// The export calls: a graph (<see cref="IOnnxExportable"/>, such as <c>new SequenceClassifierExport(model)</c>) to
/// an ONNX file or bytes, or a checkpoint straight to ONNX files.
/// </summary>
public static class OnnxExport
{
    /// <summary>Builds the graph of <paramref name="model"/>, with the opset and producer recorded.</summary>
    public static OnnxGraph Build(IOnnxExportable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = new OnnxGraph(model.OnnxGraphName);
        model.DescribeOnnx(graph);
        graph.Metadata.TryAdd("exported_by", "Recurrent");
        return graph;
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as ONNX, atomically.</summary>
    public static void Write(IOnnxExportable model, string path) => Build(model).Write(path);

    /// <summary>
    /// <paramref name="model"/> as ONNX protobuf bytes, for example to hand to an inference session in memory.
    /// </summary>
    public static byte[] ToBytes(IOnnxExportable model) => Build(model).ToBytes();

    /// <summary>
    /// Exports the checkpoint <paramref name="checkpointPath"/> (any kind of <see cref="OnnxModelKinds.Known"/>) to
    /// <paramref name="onnxPath"/>, creating its directory. An encoder-decoder also gets its generation graphs beside
    /// it, <c>NAME.encoder.onnx</c> and <c>NAME.decoder.onnx</c>. Every graph records the model kind under
    /// <see cref="OnnxModelKinds.MetadataKey"/> and, for an encoder-decoder, which part it is under <c>part</c>.
    /// </summary>
    /// <param name="checkpointPath">The <c>.safetensors</c> checkpoint.</param>
    /// <param name="onnxPath">The file to write the whole graph to.</param>
    /// <param name="options">The optional inputs (lengths, initial state); none by default.</param>
    /// <param name="kind">The model kind, when the checkpoint does not name it.</param>
    /// <exception cref="CheckpointFormatException">The kind is unknown, or the checkpoint does not fit it.</exception>
    public static OnnxCheckpointExport FromCheckpoint(
        string checkpointPath,
        string onnxPath,
        OnnxExportOptions? options = null,
        string? kind = null
    )
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        ArgumentNullException.ThrowIfNull(onnxPath);
        var file = SafeTensorsFile.Read(checkpointPath);
        string resolved = OnnxModelKinds.KindOf(file, kind);
        var model = OnnxModelKinds.Known[resolved](file, options ?? new OnnxExportOptions());
        var parts = (model as IOnnxExportableParts)?.OnnxParts ?? [];
        var files = new List<OnnxExportedFile>
        {
            WriteGraph(model, resolved, parts.Count > 0 ? "whole teacher-forced pass" : null, onnxPath, null),
        };
        foreach (var (part, graph) in parts)
        {
            string name = $"{Path.GetFileNameWithoutExtension(onnxPath)}.{part}{Path.GetExtension(onnxPath)}";
            string partPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(onnxPath)) ?? ".", name);
            files.Add(WriteGraph(graph, resolved, part, partPath, part));
        }
        return new OnnxCheckpointExport(resolved, files);
    }

    private static OnnxExportedFile WriteGraph(
        IOnnxExportable model,
        string kind,
        string? partMetadata,
        string path,
        string? part
    )
    {
        var graph = Build(model);
        graph.Metadata[OnnxModelKinds.MetadataKey] = kind;
        if (partMetadata is not null)
            graph.Metadata["part"] = partMetadata;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            Directory.CreateDirectory(directory);
        graph.Write(path);
        return new OnnxExportedFile(part, path, graph);
    }
}
