using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// <see cref="RecurrentLayer.Step"/> with the layer's weight matrices W_ih and W_hh held as <see cref="Int8Matrix"/>
/// (int8 with a scale per row; biases, states and activations stay float), for generation at small batch, where a
/// step reads every weight once per token and float32 weights make it a memory-bandwidth problem. The results differ
/// from the float step by the rounding of the weights (at most half a row's scale per weight). The weights are
/// quantised once, when this is made; it does not follow later changes to the layer.
/// </summary>
public sealed class Int8RecurrentStep
{
    private readonly RecurrentLayer _layer;
    private readonly Int8Matrix[] _inputWeights;
    private readonly Int8Matrix[] _hiddenWeights;
    private readonly float[] _inputGates;
    private readonly float[] _hiddenGates;
    private readonly float[] _saved;
    private readonly float[] _zeroBias;

    /// <summary>Quantises the weights of every layer of <paramref name="layer"/> (unidirectional only).</summary>
    /// <exception cref="InvalidOperationException">The layer is bidirectional.</exception>
    public Int8RecurrentStep(RecurrentLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Bidirectional)
            throw new InvalidOperationException(
                $"{layer}: Step runs one step forward and has no meaning for a bidirectional layer."
            );
        _layer = layer;
        _inputWeights = new Int8Matrix[layer.NumLayers];
        _hiddenWeights = new Int8Matrix[layer.NumLayers];
        for (int l = 0; l < layer.NumLayers; l++)
        {
            var cell = layer.Cell(l);
            int gates = cell.GateCount * cell.HiddenSize;
            _inputWeights[l] = new Int8Matrix(cell.WeightIH.Span, gates, cell.InputSize);
            _hiddenWeights[l] = new Int8Matrix(cell.WeightHH.Span, gates, cell.HiddenSize);
        }
        var first = layer.Cell(0);
        _inputGates = new float[first.GateCount * first.HiddenSize];
        _hiddenGates = new float[_inputGates.Length];
        _zeroBias = new float[_inputGates.Length];
        _saved = new float[first.RowKernel.SavedWidth];
    }

    /// <summary>The layer whose weights this holds.</summary>
    public RecurrentLayer Layer => _layer;

    /// <summary>
    /// One step as <see cref="RecurrentLayer.Step"/> takes it, without allocating: reads <paramref name="input"/>
    /// <c>[B, I]</c>, advances <paramref name="state"/> (<c>[L, B, H]</c>) in place, and writes the last layer's new
    /// hidden state to <paramref name="output"/> <c>[B, H]</c>. Each batch row reads all the weights, so this pays at
    /// batch 1 and little above it.
    /// </summary>
    public void Step(Tensor input, RecurrentState state, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(output);
        _layer.CheckStep(input, state, output);
        int batch = input.Dim(0),
            hidden = _layer.HiddenSize;
        var h = state.H.Span;
        var c = state.C is null ? default : state.C.Span;
        for (int l = 0; l < _layer.NumLayers; l++)
        {
            var cell = _layer.Cell(l);
            int inputs = cell.InputSize;
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> x =
                    l == 0 ? input.Span.Slice(b * inputs, inputs) : h.Slice(((l - 1) * batch + b) * hidden, hidden);
                var hRow = h.Slice((l * batch + b) * hidden, hidden);
                Int8MatrixVector.Multiply(_inputWeights[l], x, _inputGates);
                Int8MatrixVector.Multiply(_hiddenWeights[l], hRow, _hiddenGates);
                cell.RowKernel.Forward(
                    _inputGates,
                    _hiddenGates,
                    cell.BiasIH is null ? _zeroBias : cell.BiasIH.Span,
                    cell.BiasHH is null ? _zeroBias : cell.BiasHH.Span,
                    _saved,
                    hRow,
                    c.IsEmpty ? default : c.Slice((l * batch + b) * hidden, hidden)
                );
            }
        }
        h.Slice((_layer.NumLayers - 1) * batch * hidden, batch * hidden).CopyTo(output.Span);
    }
}
