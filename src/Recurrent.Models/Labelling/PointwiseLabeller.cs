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

    /// <summary>
    /// Creates the network of a pointwise <paramref name="config"/>, its weights drawn from <paramref name="rng"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is not a pointwise labeller's, has dropout (this network
    /// has none), or a size is out of range.</exception>
    public PointwiseLabeller(SequenceLabellerConfig config, RandomGenerator rng)
        : base(config, SequenceLabellerKind.Pointwise)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (config.Dropout != 0f)
            throw new ArgumentException(
                $"a pointwise labeller has no dropout; the configuration has {config.Dropout}.",
                nameof(config)
            );
        _hidden = RegisterModule("hidden", new Linear(config.Features, 2 * config.HiddenSize, rng));
        _head = RegisterModule("head", new Linear(2 * config.HiddenSize, config.Classes, rng));
    }

    /// <summary>The per-step layer, <c>hidden</c>, <c>[2H, F]</c>.</summary>
    public Linear Hidden => _hidden;

    /// <summary>The class scores from the tanh of the per-step layer, <c>head</c>, <c>[C, 2H]</c>.</summary>
    public Linear Head => _head;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, RandomGenerator? random = null) =>
        _head.Forward(Ops.Tanh(_hidden.Forward(input)));
}
