namespace Recurrent.Onnx;

/// <summary>The export call: an <see cref="IOnnxExportable"/> model to an ONNX file or bytes.</summary>
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

    /// <summary><paramref name="model"/> as ONNX protobuf bytes, for example to hand to an inference session in memory.</summary>
    public static byte[] ToBytes(IOnnxExportable model) => Build(model).ToBytes();
}
