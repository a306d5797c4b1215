namespace Recurrent.Onnx;

/// <summary>
/// What a recurrent layer stack makes in an exported graph, as <c>RecurrentLayer.Forward</c> returns it:
/// <see cref="Output"/> <c>[B, T, D*H]</c> (<c>[T, B, D*H]</c> for a layer that is not batch-first), the final
/// hidden state <see cref="H"/> <c>[L*D, B, H]</c> and, for an LSTM, the final cell state <see cref="C"/>.
/// </summary>
public sealed record OnnxRecurrentResult(OnnxValue Output, OnnxValue H, OnnxValue? C);
