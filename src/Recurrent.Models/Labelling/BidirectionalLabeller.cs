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
    private readonly RandomGenerator _rng;

    /// <summary>
    /// Creates the network of a bidirectional <paramref name="config"/>, its weights drawn from <paramref name="rng"/>,
    /// which also draws the dropout masks when <see cref="Forward"/> is given no generator.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is not a bidirectional labeller's, or a size is out of
    /// range.</exception>
    public BidirectionalLabeller(SequenceLabellerConfig config, RandomGenerator rng)
        : base(config, SequenceLabellerKind.Bidirectional)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int features = config.Features,
            hidden = config.HiddenSize;
        _pointwise = RegisterModule("pointwise", new Linear(features, 2 * hidden, rng));
        _lstm = RegisterModule("lstm", new LstmLayer(features, hidden, bidirectional: true, rng: rng));
        _lstm.SetForgetGateBias(1f);
        _head = RegisterModule("head", new Linear(4 * hidden, config.Classes, rng));
        _rng = rng;
    }

    /// <summary>
    /// The dropout on the LSTM's output while training (the identity in evaluation and in the export).
    /// </summary>
    public float Dropout => Config.Dropout;

    /// <summary>The per-step layer, <c>pointwise</c>, <c>[2H, F]</c>.</summary>
    public Linear Pointwise => _pointwise;

    /// <summary>The bidirectional LSTM over the window, <c>lstm</c>.</summary>
    public LstmLayer Lstm => _lstm;

    /// <summary>The class scores from both side by side, <c>head</c>, <c>[C, 4H]</c>.</summary>
    public Linear Head => _head;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, RandomGenerator? random = null)
    {
        var context = _lstm.Forward(input).Output;
        if (Training && Dropout > 0)
            context = Ops.Dropout(context, Dropout, random ?? _rng);
        return _head.Forward(Ops.Concat(Ops.Tanh(_pointwise.Forward(input)), context));
    }
}
