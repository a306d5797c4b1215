using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Inverted dropout, after PyTorch's <c>nn.Dropout</c>: while training, zeroes each element with probability
/// <see cref="P"/> and scales the rest by <c>1 / (1 - p)</c>; in evaluation mode it passes its input through.
/// </summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    private readonly RandomGenerator _rng;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">The probability of zeroing an element, in [0, 1).</param>
    /// <param name="rng">The generator that draws the masks; save its state to resume a run exactly.</param>
    public Dropout(float p, RandomGenerator rng)
    {
        if (!(p >= 0f && p < 1f))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: p must be in [0, 1); got {p}.");
        P = p;
        _rng = rng;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public float P { get; }

    /// <summary>Applies dropout while training; returns <paramref name="x"/> itself in evaluation mode.</summary>
    public override Tensor Forward(Tensor x) => Training ? Ops.Dropout(x, P, _rng) : x;
}
