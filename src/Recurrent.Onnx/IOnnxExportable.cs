namespace Recurrent.Onnx;

/// <summary>
/// A model that can describe itself as an ONNX graph: it declares its inputs (with <see cref="OnnxDim.Batch"/> and
/// <see cref="OnnxDim.Steps"/> as dynamic axes), chains the blocks of <see cref="OnnxBlocks"/> and
/// <see cref="OnnxRecurrentBlock"/> over its own layers, declares its outputs, and puts its vocabulary or
/// normalisation into <see cref="OnnxGraph.Metadata"/>. <see cref="OnnxExport"/> does the rest.
/// </summary>
public interface IOnnxExportable
{
    /// <summary>The name the exported graph gets, for example <c>char_rnn</c>.</summary>
    string OnnxGraphName { get; }

    /// <summary>Adds the model's inputs, nodes, outputs and metadata to <paramref name="graph"/>.</summary>
    void DescribeOnnx(OnnxGraph graph);
}
