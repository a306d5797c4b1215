namespace Recurrent.Onnx;

/// <summary>One ONNX file written by <see cref="OnnxExport.FromCheckpoint"/>.</summary>
/// <param name="Part">
/// Null for the model's whole graph; for an encoder-decoder's generation graphs their name (<c>encoder</c>,
/// <c>decoder</c>), which the file name carries as a suffix.
/// </param>
/// <param name="Path">Where the file was written.</param>
/// <param name="Graph">The graph written, for its inputs, outputs and metadata.</param>
public sealed record OnnxExportedFile(string? Part, string Path, OnnxGraph Graph);
