using Recurrent.Models.Drawing;

namespace Recurrent.Onnx.Models;

/// <summary>
/// A <see cref="DrawingModel"/> as ONNX: <c>points</c> float <c>[batch, steps, 3]</c> (the pen input), <c>label</c>
/// int64 <c>[batch]</c> for a conditional model, and the initial state <c>h0</c>, <c>c0</c> <c>[layers, batch, H]</c>
/// (zeros to start a drawing) to the raw head output <c>parameters</c> <c>[batch, steps, 6M + 2]</c> (<c>8M</c> with
/// flags per Gaussian), the mixture read out of it (<c>mixture_weights</c>, <c>means_x</c>, <c>means_y</c>,
/// <c>sigmas_x</c>, <c>sigmas_y</c>, <c>correlations</c>, each <c>[batch, steps, M]</c>; <c>end_of_stroke</c> and
/// <c>end_of_drawing</c> probabilities <c>[batch, steps, 1]</c>, or <c>[batch, steps, M]</c>, one per Gaussian, for a
/// model with <see cref="DrawingModelConfig.FlagsPerGaussian"/>) and the final state <c>h_n</c>, <c>c_n</c>. Sampling
/// one step at a time feeds each sampled point back with the state.
/// </summary>
public sealed class DrawingModelExport(DrawingModel model) : IOnnxExportable
{
    /// <summary>The model to export.</summary>
    public DrawingModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <inheritdoc />
    public string OnnxGraphName => "drawing_mdn";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var config = Model.Config;
        var layout = Model.Layout;
        int layers = Model.Layers.Count,
            hidden = config.HiddenSize,
            m = config.Mixtures,
            e = config.EmbeddingSize;
        int point = DrawingModel.PointSize;
        var points = graph.Input("points", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, point);
        var label = Model.Embedding is null ? null : graph.Input("label", OnnxElementType.Int64, OnnxDim.Batch);
        OnnxDim[] stateDims = [layers, OnnxDim.Batch, hidden];
        var h0 = graph.Input("h0", OnnxElementType.Float, stateDims);
        var c0 = graph.Input("c0", OnnxElementType.Float, stateDims);

        var baseInput = points;
        if (Model.Embedding is not null)
        {
            // The label's vector [B, 1, E] is broadcast over the steps by adding it to a [B, T, E] zero made from
            // the points.
            var embedded = graph.Embedding(Model.Embedding, label!, "embedding");
            var perStep = graph.Node(
                "Unsqueeze",
                [embedded, graph.Int64Vector("axis_1", 1)],
                OnnxElementType.Float,
                [OnnxDim.Batch, 1, e]
            );
            var zeroWeights = graph.Initializer("zeros_point_to_embedding", new float[point * e], point, e);
            var zeros = graph.Node(
                "MatMul",
                [points, zeroWeights],
                OnnxElementType.Float,
                [OnnxDim.Batch, OnnxDim.Steps, e]
            );
            var broadcast = graph.Node(
                "Add",
                [zeros, perStep],
                OnnxElementType.Float,
                [OnnxDim.Batch, OnnxDim.Steps, e]
            );
            baseInput = graph.Concat(-1, points, broadcast);
        }
        var outputs = new OnnxValue[layers];
        var finalH = new OnnxValue[layers];
        var finalC = new OnnxValue[layers];
        for (int l = 0; l < layers; l++)
        {
            var input = l == 0 ? baseInput : graph.Concat(-1, baseInput, outputs[l - 1]);
            var result = graph.Recurrent(
                Model.Layers[l],
                input,
                initialH: graph.SliceAxis0(h0, l, 1),
                initialC: graph.SliceAxis0(c0, l, 1),
                prefix: $"lstm{l}."
            );
            outputs[l] = result.Output;
            finalH[l] = result.H;
            finalC[l] = result.C!;
        }
        var skip = layers == 1 ? outputs[0] : graph.Concat(-1, outputs);
        var parameters = graph.Linear(Model.Head, skip, "head");
        graph.Output("parameters", parameters);
        OnnxValue Columns(string name, int start, int count) =>
            graph.Node(
                "Slice",
                [
                    parameters,
                    graph.Int64Vector($"{name}_start", start),
                    graph.Int64Vector($"{name}_end", start + count),
                    graph.Int64Vector("axis_last", -1),
                ],
                OnnxElementType.Float,
                [OnnxDim.Batch, OnnxDim.Steps, count]
            );
        OnnxValue Apply(string op, OnnxValue x) => graph.Node(op, [x], OnnxElementType.Float, x.Dims);
        graph.Output("mixture_weights", graph.Softmax(Columns("pi_hat", 0, m)));
        graph.Output("means_x", Columns("mu_x", layout.MeanX, m));
        graph.Output("means_y", Columns("mu_y", layout.MeanY, m));
        graph.Output("sigmas_x", Apply("Exp", Columns("log_sigma_x", layout.LogSigmaX, m)));
        graph.Output("sigmas_y", Apply("Exp", Columns("log_sigma_y", layout.LogSigmaY, m)));
        graph.Output("correlations", Apply("Tanh", Columns("rho_hat", layout.RhoHat, m)));
        graph.Output("end_of_stroke", Apply("Sigmoid", Columns("e_hat", layout.EndOfStroke, layout.FlagLogits)));
        graph.Output(
            "end_of_drawing",
            Apply("Sigmoid", Columns("q_hat", layout.EndOfDrawingColumn, layout.FlagLogits))
        );
        graph.Output("h_n", layers == 1 ? finalH[0] : graph.Concat(0, finalH));
        graph.Output("c_n", layers == 1 ? finalC[0] : graph.Concat(0, finalC));
        foreach (var (key, value) in config.ToMetadata())
            graph.Metadata[key] = value;
    }
}
