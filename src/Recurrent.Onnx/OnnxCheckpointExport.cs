namespace Recurrent.Onnx;

/// <summary>What <see cref="OnnxExport.FromCheckpoint"/> wrote.</summary>
/// <param name="Kind">The model kind the checkpoint was read as (see <see cref="OnnxModelKinds"/>).</param>
/// <param name="Files">The whole graph first, then the generation graphs of an encoder-decoder.</param>
public sealed record OnnxCheckpointExport(string Kind, IReadOnlyList<OnnxExportedFile> Files);
