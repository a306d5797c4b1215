using Recurrent.Models.Labelling;

namespace Recurrent.Onnx.Models;

/// <summary>
/// A <see cref="SequenceLabeller"/> (<see cref="PointwiseLabeller"/> or <see cref="BidirectionalLabeller"/>) as
/// ONNX: <c>inputs</c> float <c>[batch, steps, F]</c>, scaled as the metadata says, to <c>logits</c> and
/// <c>probabilities</c> <c>[batch, steps, C]</c>. The bidirectional labeller's dropout is the identity here, as in
/// evaluation.
/// </summary>
public sealed class SequenceLabellerExport : IOnnxExportable
{
    /// <summary>Wraps <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">The labeller is of a kind this exporter does not know.</exception>
    public SequenceLabellerExport(SequenceLabeller model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not (PointwiseLabeller or BidirectionalLabeller))
            throw new ArgumentException(
                $"ONNX export knows the labellers {SequenceLabellerConfig.PointwiseModelKind} and "
                    + $"{SequenceLabellerConfig.BidirectionalModelKind}; got {model.GetType().Name} "
                    + $"('{model.Config.ModelKind}').",
                nameof(model)
            );
        Model = model;
    }

    /// <summary>The model to export.</summary>
    public SequenceLabeller Model { get; }

    /// <inheritdoc />
    public string OnnxGraphName => Model is BidirectionalLabeller ? "bidirectional_labeller" : "pointwise_labeller";

    /// <inheritdoc />
    public void DescribeOnnx(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var inputs = graph.Input("inputs", OnnxElementType.Float, OnnxDim.Batch, OnnxDim.Steps, Model.Features);
        var logits = Model switch
        {
            BidirectionalLabeller b => Bidirectional(graph, b, inputs),
            PointwiseLabeller p => graph.Linear(p.Head, graph.Tanh(graph.Linear(p.Hidden, inputs, "hidden")), "head"),
            _ => throw new InvalidOperationException($"Unknown labeller {Model.GetType().Name}."),
        };
        graph.Output("logits", logits);
        graph.Output("probabilities", graph.Softmax(logits));
        foreach (var (key, value) in Model.ToMetadata())
            graph.Metadata[key] = value;
    }

    private static OnnxValue Bidirectional(OnnxGraph graph, BidirectionalLabeller model, OnnxValue inputs)
    {
        var pointwise = graph.Tanh(graph.Linear(model.Pointwise, inputs, "pointwise"));
        var context = graph.Recurrent(model.Lstm, inputs, prefix: "lstm.").Output;
        return graph.Linear(model.Head, graph.Concat(-1, pointwise, context), "head");
    }
}
