using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Labelling;

/// <summary>
/// Many-to-many synchronous labelling: the <see cref="PointwiseLabeller"/>'s per-step layer, and beside it a
/// bidirectional LSTM over the window (so each step's label can use the steps before and after it, with dropout on
/// its output while training); a linear layer scores the classes from both at every step. Without the LSTM this is
/// exactly the pointwise network, so a comparison of the two measures what the sequence adds.
/// </summary>
public sealed class BidirectionalLabeller : SequenceLabeller
{
    private readonly Linear _pointwise;
    private readonly LstmLayer _lstm;
    private readonly Linear _head;
    private readonly float _dropout;
    private readonly RandomGenerator _rng;

    /// <summary>Creates the network.</summary>
    public BidirectionalLabeller(int features, int hidden, int classes, float dropout, RandomGenerator rng)
    {
        _pointwise = new Linear(features, 2 * hidden, rng);
        _lstm = new LstmLayer(features, hidden, bidirectional: true, rng: rng);
        _lstm.SetForgetGateBias(1f);
        _head = new Linear(4 * hidden, classes, rng);
        _dropout = dropout;
        _rng = rng;
    }

    /// <inheritdoc />
    public override Tensor Logits(Tensor input)
    {
        var context = _lstm.Forward(input).Output;
        if (Training && _dropout > 0) context = Ops.Dropout(context, _dropout, _rng);
        return _head.Forward(Ops.Concat(Ops.Tanh(_pointwise.Forward(input)), context));
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Value)> NamedParameters() =>
        Prefixed("pointwise", _pointwise).Concat(Prefixed("lstm", _lstm)).Concat(Prefixed("head", _head));

    /// <inheritdoc />
    protected override IEnumerable<Module> Children() => [_pointwise, _lstm, _head];
}
