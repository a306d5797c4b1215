using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// An Elman recurrent cell, exactly PyTorch's <c>nn.RNNCell</c>:
/// <code>
/// h' = tanh(W_ih x + b_ih + W_hh h + b_hh)      (or relu instead of tanh)
/// </code>
/// </summary>
public sealed class RnnCell : RecurrentCell
{
    /// <summary>Creates a cell with PyTorch's default initialisation drawn from <paramref name="rng"/>.</summary>
    public RnnCell(int inputSize, int hiddenSize, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh, RandomGenerator? rng = null)
        : base(inputSize, hiddenSize, 1, rng)
    {
        Nonlinearity = nonlinearity;
        RowKernel = new RnnRowKernel(hiddenSize, relu: nonlinearity == RnnNonlinearity.Relu);
    }

    /// <summary>The function applied to the sum of the two affine maps.</summary>
    public RnnNonlinearity Nonlinearity { get; }

    /// <inheritdoc />
    internal override RecurrentRowKernel RowKernel { get; }

    /// <inheritdoc />
    protected override void StepEquations(ReadOnlySpan<float> wx, ReadOnlySpan<float> wh, ReadOnlySpan<float> h, ReadOnlySpan<float> c,
        Span<float> hNext, Span<float> cNext, int batch)
    {
        for (int k = 0; k < batch * HiddenSize; k++)
        {
            float a = wx[k] + wh[k];
            hNext[k] = Nonlinearity == RnnNonlinearity.Tanh ? MathF.Tanh(a) : MathF.Max(a, 0f);
        }
    }
}
