using Recurrent.Models.Text;

namespace Recurrent.Onnx.Models;

/// <summary>
/// A <see cref="CharLanguageModel"/> as ONNX: <c>tokens</c> int64 <c>[batch, steps]</c> (and, with
/// <see cref="WithInitialState"/>, <c>h0</c> and for an LSTM <c>c0</c> <c>[L, batch, H]</c>) to <c>logits</c> and
/// <c>probabilities</c> <c>[batch, steps, V]</c> and the final state <c>h_n</c> (<c>c_n</c>); the vocabulary and the
/// configuration go into the metadata, so a reader can map characters to tokens.
/// </summary>
public sealed class CharLanguageModelExport(CharLanguageModel model) : IOnnxExportable
{
    /// <summary>The model to export.</summary>
    public CharLanguageModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>
    /// Whether the graph takes the initial state as inputs, as generation one chunk at a time needs (on by default);
    /// without them it starts from a zero state. The final state is an output either way.
    /// </summary>
    public bool WithInitialState { get; init; } = true;

    /// <inheritdoc />
    public string OnnxGraphName => "char_lm";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var rnnLayer = Model.Rnn;
        var tokens = graph.Input("tokens", OnnxElementType.Int64, OnnxDim.Batch, OnnxDim.Steps);
        OnnxValue? h0 = null,
            c0 = null;
        if (WithInitialState)
        {
            OnnxDim[] state = [rnnLayer.NumLayers * rnnLayer.Directions, OnnxDim.Batch, rnnLayer.HiddenSize];
            h0 = graph.Input("h0", OnnxElementType.Float, state);
            c0 = rnnLayer.HasCellState ? graph.Input("c0", OnnxElementType.Float, state) : null;
        }
        var embedded = graph.Embedding(Model.Encoder, tokens, "encoder");
        var rnn = graph.Recurrent(rnnLayer, embedded, initialH: h0, initialC: c0, prefix: "rnn.");
        var logits = graph.Linear(Model.Decoder, rnn.Output, "decoder");
        graph.Output("logits", logits);
        graph.Output("probabilities", graph.Softmax(logits));
        graph.Output("h_n", rnn.H);
        if (rnn.C is not null)
            graph.Output("c_n", rnn.C);
        foreach (var (key, value) in Model.Config.ToMetadata())
            graph.Metadata[key] = value;
    }
}
