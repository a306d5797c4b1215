using Recurrent.Models.Forecasting;

namespace Recurrent.Onnx.Models;

/// <summary>
/// An <see cref="EncoderDecoderForecaster"/> as ONNX. The whole teacher-forced pass is one graph: <c>history</c>
/// <c>[batch, steps, 1 + K + E]</c> and <c>decoder_inputs</c> <c>[batch, future, 1 + K]</c> to <c>mean</c>,
/// <c>log_std</c> <c>[batch, future]</c> and the decoder's <c>h_n</c>, <c>c_n</c>. Generation uses
/// <see cref="OnnxParts"/> instead.
/// </summary>
public sealed class EncoderDecoderForecasterExport(EncoderDecoderForecaster model) : IOnnxExportableParts
{
    /// <summary>The model to export.</summary>
    public EncoderDecoderForecaster Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <inheritdoc />
    public string OnnxGraphName => "encoder_decoder_forecaster";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var (h, c) = DescribeEncoder(graph);
        var inputs = graph.Input(
            "decoder_inputs",
            OnnxElementType.Float,
            OnnxDim.Batch,
            OnnxDim.Dynamic("future"),
            Model.DecoderWidth
        );
        DescribeDecoder(graph, inputs, h, c);
    }

    /// <summary>
    /// <c>encoder</c>: <c>history</c> to the encoder's final <c>h_n</c>, <c>c_n</c> <c>[L, batch, H]</c>;
    /// <c>decoder</c>: <c>inputs</c> <c>[batch, steps, 1 + K]</c>, <c>h0</c>, <c>c0</c> to <c>mean</c>,
    /// <c>log_std</c>, <c>h_n</c>, <c>c_n</c>, one step at a time when generating.
    /// </summary>
    public IReadOnlyList<(string Part, IOnnxExportable Graph)> OnnxParts =>
        [("encoder", new OnnxGraphPart("forecast_encoder", graph =>
                {
                    var (h, c) = DescribeEncoder(graph);
                    graph.Output("h_n", h);
                    graph.Output("c_n", c);
                })), ("decoder", new OnnxGraphPart("forecast_decoder", graph =>
                {
                    var inputs = graph.Input(
                        "inputs",
                        OnnxElementType.Float,
                        OnnxDim.Batch,
                        OnnxDim.Steps,
                        Model.DecoderWidth
                    );
                    OnnxDim[] state = [Model.Layers, OnnxDim.Batch, Model.HiddenSize];
                    DescribeDecoder(
                        graph,
                        inputs,
                        graph.Input("h0", OnnxElementType.Float, state),
                        graph.Input("c0", OnnxElementType.Float, state)
                    );
                }))];

    private (OnnxValue H, OnnxValue C) DescribeEncoder(OnnxGraph graph)
    {
        var history = graph.Input("history", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, Model.EncoderWidth);
        var encoded = graph.Recurrent(Model.Encoder, history, prefix: "encoder.");
        ForecasterGraph.Metadata(graph, Model);
        graph.Metadata["encoder_input_layout"] = "z_t, calendar features of row t, covariates of row t";
        graph.Metadata["decoder_input_layout"] = "z_{t-1}, calendar features of row t";
        return (encoded.H, encoded.C!);
    }

    private void DescribeDecoder(OnnxGraph graph, OnnxValue inputs, OnnxValue h0, OnnxValue c0)
    {
        var decoded = graph.Recurrent(Model.Decoder, inputs, initialH: h0, initialC: c0, prefix: "decoder.");
        ForecasterGraph.Head(graph, Model.Head, decoded.Output);
        graph.Output("h_n", decoded.H);
        graph.Output("c_n", decoded.C!);
        ForecasterGraph.Metadata(graph, Model);
        graph.Metadata["decoder_input_layout"] = "z_{t-1}, calendar features of row t";
    }
}
