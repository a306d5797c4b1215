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
    {
        _hidden = new Linear(features, 2 * hidden, rng);
        _head = new Linear(2 * hidden, classes, rng);
    }

    /// <inheritdoc />
    public override Tensor Logits(Tensor input) => _head.Forward(Ops.Tanh(_hidden.Forward(input)));

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Value)> NamedParameters() => Prefixed("hidden", _hidden).Concat(Prefixed("head", _head));

    /// <inheritdoc />
    protected override IEnumerable<Module> Children() => [_hidden, _head];
}
