using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// <see cref="RecurrentLayer.Step"/> over copies of the layer's W_ih and W_hh laid out for matrix-vector products, for
/// generation at batch 1, where a step reads every weight once per token and the speed is how fast the weights
/// stream in: float32 weights in <see cref="PanelMatrix"/> order (<see cref="Panels"/>; the results equal the layer's
/// own step up to the order of float sums), or int8 weights with a scale per row (<see cref="Int8"/>; biases, states
/// and activations stay float, and the results differ by the rounding of the weights, at most half a row's scale per
/// weight). One batch row at a time, each reading all the weights, with the layer's own biases and row kernels. The
/// copy is made once, when this is made, and does not follow later changes to the layer; its buffers are made once
/// too, so a step allocates nothing.
/// </summary>
public sealed class CopiedRecurrentStep
{
    private readonly RecurrentLayer _layer;
    private readonly IStepWeights[] _inputWeights;
    private readonly IStepWeights[] _hiddenWeights;
    private readonly float[] _inputGates;
    private readonly float[] _hiddenGates;
    private readonly float[] _saved;
    private readonly float[] _zeroBias;

    private CopiedRecurrentStep(RecurrentLayer layer, Copy copy)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Bidirectional)
            throw new InvalidOperationException(
                $"{layer}: Step runs one step forward and has no meaning for a bidirectional layer."
            );
        _layer = layer;
        _inputWeights = new IStepWeights[layer.NumLayers];
        _hiddenWeights = new IStepWeights[layer.NumLayers];
        for (int l = 0; l < layer.NumLayers; l++)
        {
            var cell = layer.Cell(l);
            int gates = cell.GateCount * cell.HiddenSize;
            _inputWeights[l] = copy(cell.WeightIH.Span, gates, cell.InputSize);
            _hiddenWeights[l] = copy(cell.WeightHH.Span, gates, cell.HiddenSize);
        }
        var first = layer.Cell(0);
        _inputGates = new float[first.GateCount * first.HiddenSize];
        _hiddenGates = new float[_inputGates.Length];
        _zeroBias = new float[_inputGates.Length];
        _saved = new float[first.RowKernel.SavedWidth];
    }

    // Makes the copy of one weight matrix, row-major [rows, columns].
    private delegate IStepWeights Copy(ReadOnlySpan<float> weights, int rows, int columns);

    /// <summary>Copies the float32 weights of every layer of <paramref name="layer"/> (unidirectional only) into
    /// <see cref="PanelMatrix"/> order.</summary>
    /// <exception cref="InvalidOperationException">The layer is bidirectional.</exception>
    public static CopiedRecurrentStep Panels(RecurrentLayer layer) =>
        new(layer, (weights, rows, columns) => new PanelMatrix(weights, rows, columns));

    /// <summary>Quantises the weights of every layer of <paramref name="layer"/> (unidirectional only) to
    /// <see cref="Int8Matrix"/>.</summary>
    /// <exception cref="InvalidOperationException">The layer is bidirectional.</exception>
    public static CopiedRecurrentStep Int8(RecurrentLayer layer) =>
        new(layer, (weights, rows, columns) => new Int8Matrix(weights, rows, columns));

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
                _inputWeights[l].Multiply(x, _inputGates);
                _hiddenWeights[l].Multiply(hRow, _hiddenGates);
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
