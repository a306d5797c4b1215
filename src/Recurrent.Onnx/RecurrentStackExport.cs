using Recurrent.Layers;
using Recurrent.Tensors;
using System.Globalization;

namespace Recurrent.Onnx;

/// <summary>
/// A bare recurrent layer stack as an ONNX model. Inputs: <c>input</c> <c>[batch, steps, I]</c>
/// (<c>[steps, batch, I]</c> for a layer that is not batch-first), with <see cref="WithLengths"/> <c>lengths</c>
/// int64 <c>[batch]</c>, with <see cref="WithInitialState"/> <c>h0</c> (and <c>c0</c> for an LSTM)
/// <c>[L*D, batch, H]</c>. Outputs: <c>output</c>, <c>h_n</c> and, for an LSTM, <c>c_n</c>: exactly what
/// <see cref="RecurrentLayer.Forward(Tensor, RecurrentState, int[], RandomGenerator)"/> returns.
/// </summary>
public sealed class RecurrentStackExport(RecurrentLayer layer) : IOnnxExportable
{
    /// <summary>The stack to export.</summary>
    public RecurrentLayer Layer { get; } = layer ?? throw new ArgumentNullException(nameof(layer));

    /// <summary>Whether the model takes a <c>lengths</c> input for batches of sequences of different lengths.</summary>
    public bool WithLengths { get; init; }

    /// <summary>
    /// Whether the model takes the initial state as inputs (for generation, or carrying state across chunks).
    /// </summary>
    public bool WithInitialState { get; init; }

    /// <inheritdoc />
    public string OnnxGraphName => "recurrent_stack";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var input = Layer.BatchFirst
            ? graph.Input("input", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, Layer.InputSize)
            : graph.Input("input", OnnxElementType.Float, OnnxDim.Steps, OnnxDim.Batch, Layer.InputSize);
        var lengths = WithLengths ? graph.Input("lengths", OnnxElementType.Int64, OnnxDim.Batch) : null;
        OnnxDim[] stateDims = [Layer.NumLayers * Layer.Directions, OnnxDim.Batch, Layer.HiddenSize];
        var h0 = WithInitialState ? graph.Input("h0", OnnxElementType.Float, stateDims) : null;
        var c0 = WithInitialState && Layer.HasCellState ? graph.Input("c0", OnnxElementType.Float, stateDims) : null;

        var result = graph.Recurrent(Layer, input, lengths, h0, c0);
        graph.Output("output", result.Output);
        graph.Output("h_n", result.H);
        if (result.C is not null)
            graph.Output("c_n", result.C);
        foreach (var (key, value) in Describe(Layer))
            graph.Metadata[key] = value;
    }

    /// <summary>
    /// The configuration of <paramref name="layer"/> as metadata: cell, sizes, layers, directions, layout.
    /// </summary>
    public static IEnumerable<(string Key, string Value)> Describe(RecurrentLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        // An Elman RNN is named with its nonlinearity, as PyTorch's modes rnn_tanh and rnn_relu.
        string cell = layer is RnnLayer rnn
            ? (rnn.Nonlinearity == RnnNonlinearity.Relu ? "rnn_relu" : "rnn_tanh")
            : layer.Kind.Name();
        yield return ("cell", cell);
        yield return ("input_size", layer.InputSize.ToString(CultureInfo.InvariantCulture));
        yield return ("hidden_size", layer.HiddenSize.ToString(CultureInfo.InvariantCulture));
        yield return ("num_layers", layer.NumLayers.ToString(CultureInfo.InvariantCulture));
        yield return ("bidirectional", layer.Bidirectional ? "true" : "false");
        yield return ("batch_first", layer.BatchFirst ? "true" : "false");
    }
}
