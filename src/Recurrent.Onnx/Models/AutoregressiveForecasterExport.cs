using Recurrent.Models.Forecasting;

namespace Recurrent.Onnx.Models;

/// <summary>
/// An <see cref="AutoregressiveForecaster"/>'s <see cref="AutoregressiveForecaster.Forward"/> as ONNX: <c>inputs</c>
/// float <c>[batch, steps, 1 + K]</c> (<c>z</c> already transformed as the metadata says, calendar features of the
/// next row) and, with <see cref="WithInitialState"/>, <c>h0</c>, <c>c0</c> <c>[L, batch, H]</c>, to <c>mean</c>,
/// <c>log_std</c> <c>[batch, steps]</c> of the next <c>z</c> and <c>h_n</c>, <c>c_n</c>. The same graph runs the
/// history and then each generated step.
/// </summary>
public sealed class AutoregressiveForecasterExport(AutoregressiveForecaster model) : IOnnxExportable
{
    /// <summary>The model to export.</summary>
    public AutoregressiveForecaster Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>
    /// Whether the graph takes the initial state as inputs (needed to roll out step by step; on by default).
    /// </summary>
    public bool WithInitialState { get; init; } = true;

    /// <inheritdoc />
    public string OnnxGraphName => "ar_forecaster";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var inputs = graph.Input("inputs", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, Model.InputWidth);
        OnnxValue? h0 = null,
            c0 = null;
        if (WithInitialState)
        {
            OnnxDim[] state = [Model.Layers, OnnxDim.Batch, Model.HiddenSize];
            h0 = graph.Input("h0", OnnxElementType.Float, state);
            c0 = graph.Input("c0", OnnxElementType.Float, state);
        }
        var rnn = graph.Recurrent(Model.Lstm, inputs, initialH: h0, initialC: c0, prefix: "lstm.");
        ForecasterGraph.Head(graph, Model.Head, rnn.Output);
        graph.Output("h_n", rnn.H);
        graph.Output("c_n", rnn.C!);
        ForecasterGraph.Metadata(graph, Model);
        graph.Metadata["input_layout"] = "z_t, calendar features of row t+1";
    }
}
