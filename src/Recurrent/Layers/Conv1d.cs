using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A one-dimensional convolution over time with "same" zero padding, after PyTorch's
/// <c>nn.Conv1d(in, out, k, padding="same")</c>, but on batch-first sequences <c>[B, T, Cin] -> [B, T, Cout]</c>
/// (see <see cref="Ops.Conv1d"/>). The weight is PyTorch's <c>[out, in, k]</c>, and weight and bias start uniform in
/// <c>[-1/sqrt(in*k), 1/sqrt(in*k))</c> as PyTorch's do, so state dicts move between the two unchanged.
/// </summary>
public sealed class Conv1d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer and initialises it from <paramref name="rng"/> as PyTorch does.</summary>
    /// <param name="inChannels">The size of the last axis of the input.</param>
    /// <param name="outChannels">The size of the last axis of the output (the number of filters).</param>
    /// <param name="kernelSize">The width of each filter in steps.</param>
    /// <param name="rng">The generator that draws the initial weights.</param>
    /// <param name="bias">Whether the layer adds a learned bias.</param>
    public Conv1d(int inChannels, int outChannels, int kernelSize, RandomGenerator rng, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        // kaiming_uniform_(a=sqrt(5)) over fan_in = in * k reduces to this bound, and the bias uses the same one.
        float bound = 1f / MathF.Sqrt(inChannels * kernelSize);
        Weight = Parameter("weight", outChannels, inChannels, kernelSize);
        rng.FillUniform(Weight.Span, -bound, bound);
        if (bias)
        {
            Bias = Parameter("bias", outChannels);
            rng.FillUniform(Bias.Span, -bound, bound);
        }
    }

    /// <summary>The size of the last axis of the input.</summary>
    public int InChannels { get; }

    /// <summary>The number of filters, the size of the last axis of the output.</summary>
    public int OutChannels { get; }

    /// <summary>The width of each filter in steps.</summary>
    public int KernelSize { get; }

    /// <summary>The weight, <c>[out, in, k]</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, <c>[out]</c>, or null for a layer made without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>
    /// Convolves <paramref name="x"/> <c>[B, T, in]</c> into <c>[B, T, out]</c>; with <paramref name="lengths"/>,
    /// the steps past each sequence's length read as zero and give zero.
    /// </summary>
    public Tensor Forward(Tensor x, int[]? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3 || x.Dim(2) != InChannels)
            throw ShapeMismatchException.For(
                "Conv1d",
                "the input must be [B, T, in_channels]",
                "input",
                x.Shape,
                "weight",
                Weight.Shape
            );
        return Ops.Conv1d(x, Weight, Bias, lengths);
    }

    /// <summary>Convolves <paramref name="input"/> <c>[B, T, in]</c>, every step valid.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);
}
