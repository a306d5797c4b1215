namespace Recurrent.Onnx;

/// <summary>
/// What a graph exported from a checkpoint takes besides its main input, where its model kind allows it.
/// </summary>
/// <param name="WithLengths">
/// A <c>lengths</c> input for batches of sequences of different lengths (a bare stack).
/// </param>
/// <param name="WithState">
/// The initial recurrent state as inputs (generation, carrying state across chunks): a bare stack and the character
/// language model take it only when asked; the models that always need it (forecasters, controller, drawing) have it
/// either way.
/// </param>
public sealed record OnnxExportOptions(bool WithLengths = false, bool WithState = false);
