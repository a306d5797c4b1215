namespace Recurrent.Onnx;

/// <summary>
/// A graph to export, usually a model's exporter (<see cref="RecurrentStackExport"/>, or one of
/// <c>Recurrent.Onnx.Models</c> such as <see cref="Models.SequenceClassifierExport"/>): it declares the inputs (with
/// <see cref="OnnxDim.Batch"/> and <see cref="OnnxDim.Steps"/> as dynamic axes), chains the blocks of
/// <see cref="OnnxBlocks"/> and <see cref="OnnxRecurrentBlock"/> over the model's layers, declares the outputs, and
/// puts the vocabulary or normalisation into <see cref="OnnxGraph.Metadata"/>. <see cref="OnnxExport"/> does the
/// rest.
/// </summary>
public interface IOnnxExportable
{
    /// <summary>The name the exported graph gets, for example <c>char_rnn</c>.</summary>
    string OnnxGraphName { get; }

    /// <summary>Adds the model's inputs, nodes, outputs and metadata to <paramref name="graph"/>.</summary>
    void DescribeOnnx(OnnxGraph graph);
}
