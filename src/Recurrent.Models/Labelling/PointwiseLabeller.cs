using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Onnx;
using Recurrent.Tensors;

namespace Recurrent.Models.Labelling;

/// <summary>
/// The same labeller without recurrence (one-to-one): each step alone goes through a layer as wide as the
/// bidirectional one's output, a tanh, and the same linear scoring, so the comparison isolates what the sequence adds.
/// </summary>
public sealed class PointwiseLabeller : SequenceLabeller
{
    private readonly Linear _hidden;
    private readonly Linear _head;

    /// <summary>Creates the network.</summary>
    public PointwiseLabeller(int features, int hidden, int classes, RandomGenerator rng)
        : base(features, hidden, classes)
    {
        _hidden = RegisterModule("hidden", new Linear(features, 2 * hidden, rng));
        _head = RegisterModule("head", new Linear(2 * hidden, classes, rng));
    }

    /// <summary>The value of the metadata key <c>model</c> of a pointwise labeller's checkpoint.</summary>
    public const string Kind = "pointwise-labeller";

    /// <inheritdoc />
    public override string ModelKind => Kind;

    /// <inheritdoc />
    public override string OnnxGraphName => "pointwise_labeller";

    /// <inheritdoc />
    protected override OnnxValue DescribeLogits(OnnxGraph graph, OnnxValue inputs) =>
        graph.Linear(_head, graph.Tanh(graph.Linear(_hidden, inputs, "hidden")), "head");

    /// <inheritdoc />
    public override Tensor Logits(Tensor input, RandomGenerator? random = null) =>
        _head.Forward(Ops.Tanh(_hidden.Forward(input)));
}
