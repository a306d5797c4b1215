using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A fully connected layer, <c>y = x W^T + b</c>, after PyTorch's <c>nn.Linear</c>: the weight is
/// <c>[out, in]</c>, and both weight and bias start uniform in <c>[-1/sqrt(in), 1/sqrt(in))</c>.
/// </summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer and initialises it from <paramref name="rng"/> as PyTorch does.</summary>
    /// <param name="inFeatures">The size of the last axis of the input.</param>
    /// <param name="outFeatures">The size of the last axis of the output.</param>
    /// <param name="rng">The generator that draws the initial weights.</param>
    /// <param name="bias">Whether the layer adds a learned bias.</param>
    public Linear(int inFeatures, int outFeatures, RandomGenerator rng, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        // PyTorch's kaiming_uniform_(a=sqrt(5)) on the weight reduces to this bound, and the bias uses the same one.
        float bound = inFeatures > 0 ? 1f / MathF.Sqrt(inFeatures) : 0f;
        Weight = Parameter("weight", outFeatures, inFeatures);
        rng.FillUniform(Weight.Span, -bound, bound);
        if (bias)
        {
            Bias = Parameter("bias", outFeatures);
            rng.FillUniform(Bias.Span, -bound, bound);
        }
    }

    /// <summary>The size of the last axis of the input.</summary>
    public int InFeatures { get; }

    /// <summary>The size of the last axis of the output.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight, <c>[out, in]</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, <c>[out]</c>, or null for a layer made without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Applies the layer to <paramref name="x"/> <c>[..., in]</c>, giving <c>[..., out]</c>.</summary>
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank < 1 || x.Dim(-1) != InFeatures)
            throw ShapeMismatchException.For(
                "Linear",
                "the last axis of the input must equal in_features",
                "input",
                x.Shape,
                "weight",
                Weight.Shape
            );
        var y = Ops.MatMul(x, Weight, transposeB: true);
        return Bias is null ? y : Ops.Add(y, Bias);
    }
}
