namespace Recurrent.Onnx;

/// <summary>
/// The export of a model that generates autoregressively and so is run from ONNX as separate graphs, the way PyTorch
/// users export an encoder-decoder: the encoder once per input, then the decoder one step (or several teacher-forced
/// steps) at a time with its state as inputs and outputs. Its own <see cref="IOnnxExportable.DescribeOnnx"/> is the
/// whole teacher-forced pass in one graph; <see cref="OnnxParts"/> are the graphs a generation loop calls.
/// </summary>
public interface IOnnxExportableParts : IOnnxExportable
{
    /// <summary>
    /// The graphs, each with a short name (<c>encoder</c>, <c>decoder</c>) that exported files carry as a suffix.
    /// </summary>
    IReadOnlyList<(string Part, IOnnxExportable Graph)> OnnxParts { get; }
}
