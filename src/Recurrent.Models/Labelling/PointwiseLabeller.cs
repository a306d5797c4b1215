using Recurrent.Autograd;
using Recurrent.Layers;
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

    /// <summary>The per-step layer, <c>hidden</c>, <c>[2H, F]</c>.</summary>
    public Linear Hidden => _hidden;

    /// <summary>The class scores from the tanh of the per-step layer, <c>head</c>, <c>[C, 2H]</c>.</summary>
    public Linear Head => _head;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, RandomGenerator? random = null) =>
        _head.Forward(Ops.Tanh(_hidden.Forward(input)));
}
