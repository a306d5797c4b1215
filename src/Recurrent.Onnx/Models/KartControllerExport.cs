using Recurrent.Models.Driving;

namespace Recurrent.Onnx.Models;

/// <summary>
/// A <see cref="KartController"/> as ONNX: <c>frames</c> float <c>[batch, steps, 1024]</c> (pixels / 255) and, for
/// the LSTM kind, the initial state <c>h0</c>, <c>c0</c> <c>[2, batch, H]</c>, to <c>logits</c> and
/// <c>probabilities</c> <c>[batch, steps, 4]</c> (accelerate, brake, left, right) and the final state <c>h_n</c>,
/// <c>c_n</c>. Driving one step at a time feeds a frame with steps = 1 and the last state back.
/// </summary>
public sealed class KartControllerExport(KartController model) : IOnnxExportable
{
    /// <summary>The model to export.</summary>
    public KartController Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <inheritdoc />
    public string OnnxGraphName => "kart_controller";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var frames = graph.Input("frames", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, KartCamera.PixelCount);
        var encoded = graph.Relu(graph.Linear(Model.Encoder, frames, "encoder"));
        OnnxValue hidden;
        OnnxRecurrentResult? rnn = null;
        if (Model.Rnn is { } lstm)
        {
            OnnxDim[] state = [lstm.NumLayers, OnnxDim.Batch, lstm.HiddenSize];
            var h0 = graph.Input("h0", OnnxElementType.Float, state);
            var c0 = graph.Input("c0", OnnxElementType.Float, state);
            rnn = graph.Recurrent(lstm, encoded, initialH: h0, initialC: c0, prefix: "rnn.");
            hidden = rnn.Output;
        }
        else
        {
            var h1 = graph.Relu(graph.Linear(Model.Hidden1!, encoded, "hidden1"));
            hidden = graph.Relu(graph.Linear(Model.Hidden2!, h1, "hidden2"));
        }
        var logits = graph.Linear(Model.Head, hidden, "head");
        graph.Output("logits", logits);
        graph.Output("probabilities", graph.Node("Sigmoid", [logits], OnnxElementType.Float, logits.Dims));
        if (rnn is not null)
        {
            graph.Output("h_n", rnn.H);
            graph.Output("c_n", rnn.C!);
        }
        foreach (var (key, value) in Model.Config.ToMetadata())
            graph.Metadata[key] = value;
    }
}
