using Recurrent.Layers;

namespace Recurrent.Onnx;

/// <summary>
/// A <see cref="RecurrentLayer"/> as ONNX <c>RNN</c>, <c>LSTM</c> or <c>GRU</c> operators, one per layer. ONNX runs
/// them time-major, so a batch-first input is transposed once at the start and the output once at the end; between
/// layers the operator's <c>Y</c> <c>[T, D, B, H]</c> becomes the next layer's <c>[T, B, D*H]</c>. Dropout between
/// layers is the identity at inference and is left out.
/// </summary>
public static class OnnxRecurrentBlock
{
    // ONNX gate block k holds PyTorch's gate block Order[k]:
    // LSTM: PyTorch i, f, g, o -> ONNX i, o, f, c.  GRU: PyTorch r, z, n -> ONNX z, r, h.
    private static readonly int[] LstmOrder = [0, 3, 1, 2];
    private static readonly int[] GruOrder = [1, 0, 2];
    private static readonly int[] RnnOrder = [0];

    /// <summary>
    /// Adds <paramref name="layer"/> over <paramref name="input"/> (<c>[B, T, I]</c>, or <c>[T, B, I]</c> when the
    /// layer is not batch-first). <paramref name="lengths"/> (<c>[B]</c>, int32 or int64) gives each sequence's
    /// length, as the <c>lengths</c> of <c>Forward</c>: later steps output zeros and the final state is taken at
    /// each sequence's last step. <paramref name="initialH"/> and <paramref name="initialC"/> are the initial state
    /// <c>[L*D, B, H]</c>, zero when null. Parameter initializers are named <paramref name="prefix"/> + the PyTorch
    /// name.
    /// </summary>
    public static OnnxRecurrentResult Recurrent(
        this OnnxGraph graph,
        RecurrentLayer layer,
        OnnxValue input,
        OnnxValue? lengths = null,
        OnnxValue? initialH = null,
        OnnxValue? initialC = null,
        string prefix = ""
    )
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        if (
            input.Rank != 3
            || input.ElementType != OnnxElementType.Float
            || (input.Dims[2].Symbol is null && input.Dims[2].Size != layer.InputSize)
        )
            throw new ArgumentException(
                $"ONNX export of {layer}: expects a float input "
                    + $"{(layer.BatchFirst ? "[B, T, " : "[T, B, ")}{layer.InputSize}]; got {input.ElementType} "
                    + $"{input.ShapeText}.",
                nameof(input)
            );
        if (initialC is not null && !layer.HasCellState)
            throw new ArgumentException(
                $"ONNX export of {layer}: a cell state is given, but only an LSTM has one.",
                nameof(initialC)
            );
        if (layer.HasCellState && (initialH is null) != (initialC is null))
            throw new ArgumentException(
                $"ONNX export of {layer}: an LSTM's initial state needs both h and c, or neither.",
                nameof(initialH)
            );

        var (opType, order) = layer switch
        {
            LstmLayer => ("LSTM", LstmOrder),
            GruLayer => ("GRU", GruOrder),
            RnnLayer => ("RNN", RnnOrder),
            _ => throw new NotSupportedException(
                $"ONNX export: {layer.GetType().Name} is not an RNN, LSTM or GRU layer."
            ),
        };
        int directions = layer.Directions,
            hidden = layer.HiddenSize;
        var batch = layer.BatchFirst ? input.Dims[0] : input.Dims[1];
        var steps = layer.BatchFirst ? input.Dims[1] : input.Dims[0];

        var x = layer.BatchFirst ? graph.Transpose(input, 1, 0, 2) : input;
        var sequenceLengths =
            lengths is null || lengths.ElementType == OnnxElementType.Int32
                ? lengths
                : graph.Node(
                    "Cast",
                    [lengths],
                    OnnxElementType.Int32,
                    lengths.Dims,
                    OnnxAttribute.Int("to", (long)OnnxElementType.Int32)
                );

        var finalH = new List<OnnxValue>();
        var finalC = new List<OnnxValue>();
        for (int l = 0; l < layer.NumLayers; l++)
        {
            var cells = Enumerable.Range(0, directions).Select(d => layer.Cell(l, d == 1)).ToArray();
            int inputs = cells[0].InputSize,
                gates = cells[0].GateCount;
            string suffix = $"_l{l}";
            var w = graph.Initializer(
                $"{prefix}W{suffix}",
                Stack(cells, c => c.WeightIH.Span, order, hidden * inputs),
                directions,
                gates * hidden,
                inputs
            );
            var r = graph.Initializer(
                $"{prefix}R{suffix}",
                Stack(cells, c => c.WeightHH.Span, order, hidden * hidden),
                directions,
                gates * hidden,
                hidden
            );
            var b = graph.Initializer(
                $"{prefix}B{suffix}",
                Biases(cells, order, hidden),
                directions,
                2 * gates * hidden
            );
            var h0 = initialH is null ? null : graph.SliceAxis0(initialH, l * directions, directions);
            var c0 = initialC is null ? null : graph.SliceAxis0(initialC, l * directions, directions);

            var attributes = new List<OnnxAttribute>
            {
                OnnxAttribute.Int("hidden_size", hidden),
                OnnxAttribute.String("direction", directions == 2 ? "bidirectional" : "forward"),
            };
            if (layer is GruLayer)
                attributes.Add(OnnxAttribute.Int("linear_before_reset", 1));
            if (layer is RnnLayer rnn)
                attributes.Add(
                    OnnxAttribute.Strings(
                        "activations",
                        Enumerable
                            .Repeat(rnn.Nonlinearity == RnnNonlinearity.Relu ? "Relu" : "Tanh", directions)
                            .ToArray()
                    )
                );

            OnnxDim[] stateDims = [directions, batch, hidden];
            var outputs = new List<(OnnxElementType, IReadOnlyList<OnnxDim>)>
            {
                (OnnxElementType.Float, [steps, directions, batch, hidden]),
                (OnnxElementType.Float, stateDims),
            };
            var nodeInputs = new List<OnnxValue?> { x, w, r, b, sequenceLengths, h0 };
            if (layer.HasCellState)
            {
                outputs.Add((OnnxElementType.Float, stateDims));
                nodeInputs.Add(c0);
            }
            var y = graph.Node(opType, nodeInputs, outputs, [.. attributes]);
            finalH.Add(y[1]);
            if (layer.HasCellState)
                finalC.Add(y[2]);

            // Y [T, D, B, H] -> [T, B, D*H]
            x =
                directions == 1
                    ? graph.Node(
                        "Squeeze",
                        [y[0], graph.Int64Vector("axis_1", 1)],
                        OnnxElementType.Float,
                        [steps, batch, hidden]
                    )
                    : graph.Node(
                        "Reshape",
                        [graph.Transpose(y[0], 0, 2, 1, 3), graph.Int64Vector("shape_keep2_flatten", 0, 0, -1)],
                        OnnxElementType.Float,
                        [steps, batch, directions * hidden]
                    );
        }

        var output = layer.BatchFirst ? graph.Transpose(x, 1, 0, 2) : x;
        var h = graph.ConcatAxis0(finalH, layer.NumLayers * directions, batch, hidden);
        var c = layer.HasCellState ? graph.ConcatAxis0(finalC, layer.NumLayers * directions, batch, hidden) : null;
        return new OnnxRecurrentResult(output, h, c);
    }

    // [D, G*H, width]: each direction's matrix with its gate blocks (H rows each) reordered.
    private static float[] Stack(
        RecurrentCell[] cells,
        Func<RecurrentCell, ReadOnlySpan<float>> matrix,
        int[] order,
        int blockSize
    )
    {
        var result = new float[cells.Length * order.Length * blockSize];
        for (int d = 0; d < cells.Length; d++)
        {
            var source = matrix(cells[d]);
            for (int k = 0; k < order.Length; k++)
                source
                    .Slice(order[k] * blockSize, blockSize)
                    .CopyTo(result.AsSpan((d * order.Length + k) * blockSize, blockSize));
        }
        return result;
    }

    // [D, 2*G*H]: each direction's input biases then recurrent biases (ONNX's Wb then Rb), gate blocks reordered;
    // zeros for a layer made without biases.
    private static float[] Biases(RecurrentCell[] cells, int[] order, int hidden)
    {
        int gates = order.Length;
        var result = new float[cells.Length * 2 * gates * hidden];
        for (int d = 0; d < cells.Length; d++)
        {
            if (cells[d].BiasIH is not { } inputBias || cells[d].BiasHH is not { } hiddenBias)
                continue;
            for (int k = 0; k < gates; k++)
            {
                int offset = d * 2 * gates * hidden;
                inputBias.Span.Slice(order[k] * hidden, hidden).CopyTo(result.AsSpan(offset + k * hidden, hidden));
                hiddenBias
                    .Span.Slice(order[k] * hidden, hidden)
                    .CopyTo(result.AsSpan(offset + (gates + k) * hidden, hidden));
            }
        }
        return result;
    }
}
