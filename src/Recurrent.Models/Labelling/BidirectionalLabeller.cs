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
        : base(features, hidden, classes)
    {
        _pointwise = RegisterModule("pointwise", new Linear(features, 2 * hidden, rng));
        _lstm = RegisterModule("lstm", new LstmLayer(features, hidden, bidirectional: true, rng: rng));
        _lstm.SetForgetGateBias(1f);
        _head = RegisterModule("head", new Linear(4 * hidden, classes, rng));
        _dropout = dropout;
        _rng = rng;
    }

    /// <summary>The value of the metadata key <c>model</c> of a bidirectional labeller's checkpoint.</summary>
    public const string Kind = "bidirectional-labeller";

    /// <inheritdoc />
    public override string ModelKind => Kind;

    /// <summary>
    /// The dropout on the LSTM's output while training (the identity in evaluation and in the export).
    /// </summary>
    public float Dropout => _dropout;

    /// <summary>The per-step layer, <c>pointwise</c>, <c>[2H, F]</c>.</summary>
    public Linear Pointwise => _pointwise;

    /// <summary>The bidirectional LSTM over the window, <c>lstm</c>.</summary>
    public LstmLayer Lstm => _lstm;

    /// <summary>The class scores from both side by side, <c>head</c>, <c>[C, 4H]</c>.</summary>
    public Linear Head => _head;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> ToMetadata() =>
        new SortedDictionary<string, string>(base.ToMetadata().ToDictionary(), StringComparer.Ordinal)
        {
            ["dropout"] = _dropout.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, RandomGenerator? random = null)
    {
        var context = _lstm.Forward(input).Output;
        if (Training && _dropout > 0)
            context = Ops.Dropout(context, _dropout, random ?? _rng);
        return _head.Forward(Ops.Concat(Ops.Tanh(_pointwise.Forward(input)), context));
    }
}
