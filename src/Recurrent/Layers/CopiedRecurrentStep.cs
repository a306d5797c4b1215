using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// <see cref="RecurrentLayer.Step"/> over copies of the layer's W_ih and W_hh laid out for matrix-vector products, for
/// generation at batch 1, where a step reads every weight once per token and the speed is how fast the weights
/// stream in: float32 weights in <see cref="PanelMatrix"/> order (<see cref="Panels"/>; the results equal the layer's
/// own step up to the order of float sums), or int8 weights with a scale per row (<see cref="Int8"/>; biases, states
/// and activations stay float, and the results differ by the rounding of the weights, at most half a row's scale per
/// weight). One batch row at a time, each reading all the
/// weights, with the layer's own biases and row kernels. The copy is made once, when this is made, and does not follow
/// later changes to the layer; its buffers are made once too, so a step allocates nothing. Made with the
/// <see cref="Embedding"/> that feeds the first layer, it also steps on tokens
/// (<see cref="Step(ReadOnlySpan{int}, RecurrentState, Tensor)"/>): the first layer's W_ih times every embedding row
/// is computed once, in float32 for either format, into a table <c>[V, G*H]</c>, and a token's step reads its row of
/// that table instead of all of W_ih, an I-th of the bytes (the embedding and W_ih are both linear, so the product
/// is the same up to the order of float sums).
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
    private readonly float[]? _tokenGates;
    private readonly int _vocabulary;

    private CopiedRecurrentStep(RecurrentLayer layer, Copy copy, Embedding? embedding)
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
        if (embedding is not null)
        {
            _vocabulary = embedding.NumEmbeddings;
            _tokenGates = TokenGates(embedding, first);
        }
    }

    // Makes the copy of one weight matrix, row-major [rows, columns].
    private delegate IStepWeights Copy(ReadOnlySpan<float> weights, int rows, int columns);

    /// <summary>Copies the float32 weights of every layer of <paramref name="layer"/> (unidirectional only) into
    /// <see cref="PanelMatrix"/> order; with <paramref name="embedding"/>, whose rows are the first layer's input, it
    /// also steps on tokens.</summary>
    /// <exception cref="InvalidOperationException">The layer is bidirectional.</exception>
    /// <exception cref="ShapeMismatchException">The embedding's width is not the layer's input size.</exception>
    public static CopiedRecurrentStep Panels(RecurrentLayer layer, Embedding? embedding = null) =>
        new(layer, (weights, rows, columns) => new PanelMatrix(weights, rows, columns), embedding);

    /// <summary>Quantises the weights of every layer of <paramref name="layer"/> (unidirectional only) to
    /// <see cref="Int8Matrix"/>; with <paramref name="embedding"/>, whose rows are the first layer's input, it also
    /// steps on tokens, and the table of the first layer's input gates stays float32.</summary>
    /// <exception cref="InvalidOperationException">The layer is bidirectional.</exception>
    /// <exception cref="ShapeMismatchException">The embedding's width is not the layer's input size.</exception>
    public static CopiedRecurrentStep Int8(RecurrentLayer layer, Embedding? embedding = null) =>
        new(layer, (weights, rows, columns) => new Int8Matrix(weights, rows, columns), embedding);

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
        StepRows(input.Dim(0), input.Span, default, state, output);
    }

    /// <summary>
    /// One step on <paramref name="tokens"/> <c>[B]</c>, each standing for its row of the embedding this was made
    /// with, as <see cref="Step(Tensor, RecurrentState, Tensor)"/> on those rows: advances <paramref name="state"/>
    /// (<c>[L, B, H]</c>) in place and writes the last layer's new hidden state to <paramref name="output"/>
    /// <c>[B, H]</c>, without allocating.
    /// </summary>
    /// <exception cref="InvalidOperationException">This was made without an embedding.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside the embedding's rows.</exception>
    public void Step(ReadOnlySpan<int> tokens, RecurrentState state, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(output);
        if (_tokenGates is null)
            throw new InvalidOperationException(
                $"{_layer}: stepping on tokens needs the embedding that feeds the first layer; make this with it."
            );
        foreach (int token in tokens)
            if ((uint)token >= (uint)_vocabulary)
                throw new ArgumentOutOfRangeException(
                    nameof(tokens),
                    $"Token {token} is outside the embedding's {_vocabulary} rows."
                );
        _layer.CheckStep(tokens.Length, state, output);
        StepRows(tokens.Length, default, tokens, state, output);
    }

    // The step of B rows; the first layer reads either input [B, I] or the table rows of tokens [B].
    private void StepRows(
        int batch,
        ReadOnlySpan<float> input,
        ReadOnlySpan<int> tokens,
        RecurrentState state,
        Tensor output
    )
    {
        int hidden = _layer.HiddenSize;
        var h = state.H.Span;
        var c = state.C is null ? default : state.C.Span;
        for (int l = 0; l < _layer.NumLayers; l++)
        {
            var cell = _layer.Cell(l);
            int inputs = cell.InputSize,
                gates = _inputGates.Length;
            for (int b = 0; b < batch; b++)
            {
                var hRow = h.Slice((l * batch + b) * hidden, hidden);
                ReadOnlySpan<float> inputGates = _inputGates;
                if (l == 0 && !tokens.IsEmpty)
                    inputGates = _tokenGates.AsSpan(tokens[b] * gates, gates);
                else
                    _inputWeights[l].Multiply(
                        l == 0 ? input.Slice(b * inputs, inputs) : h.Slice(((l - 1) * batch + b) * hidden, hidden),
                        _inputGates
                    );
                _hiddenWeights[l].Multiply(hRow, _hiddenGates);
                cell.RowKernel.Forward(
                    inputGates,
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

    // W_ih of the first layer times each embedding row: [V, G*H] = E [V, I] * W_ih^T.
    private static float[] TokenGates(Embedding embedding, RecurrentCell first)
    {
        int inputs = first.InputSize,
            gates = first.GateCount * first.HiddenSize;
        if (embedding.EmbeddingDim != inputs)
            throw ShapeMismatchException.For(
                "CopiedRecurrentStep",
                $"the embedding's width must be the first layer's input size, {inputs}",
                "embedding",
                embedding.Weight.Shape,
                "W_ih",
                first.WeightIH.Shape
            );
        var table = new float[embedding.NumEmbeddings * gates];
        Gemm.Multiply(
            false,
            true,
            embedding.NumEmbeddings,
            gates,
            inputs,
            1f,
            embedding.Weight.Span,
            inputs,
            first.WeightIH.Span,
            inputs,
            0f,
            table,
            gates
        );
        return table;
    }
}
