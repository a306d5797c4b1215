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
    /// <param name="inputSize">The width I of an input vector.</param>
    /// <param name="hiddenSize">The width H of the hidden state.</param>
    /// <param name="bias">Whether the cell has <c>bias_ih</c> and <c>bias_hh</c>, as PyTorch's <c>bias</c>.</param>
    /// <param name="nonlinearity">tanh (PyTorch's default) or relu.</param>
    /// <param name="rng">The generator that draws the initial weights; a random seed when null.</param>
    public RnnCell(
        int inputSize,
        int hiddenSize,
        bool bias = true,
        RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh,
        RandomGenerator? rng = null
    )
        : base(inputSize, hiddenSize, 1, bias, rng)
    {
        Nonlinearity = nonlinearity;
        RowKernel = new RnnRowKernel(hiddenSize, relu: nonlinearity == RnnNonlinearity.Relu);
    }

    /// <summary>The function applied to the sum of the two affine maps.</summary>
    public RnnNonlinearity Nonlinearity { get; }

    /// <inheritdoc />
    internal override RecurrentRowKernel RowKernel { get; }

    /// <inheritdoc />
    protected override void StepEquations(
        ReadOnlySpan<float> wx,
        ReadOnlySpan<float> wh,
        ReadOnlySpan<float> h,
        ReadOnlySpan<float> c,
        Span<float> hNext,
        Span<float> cNext,
        int batch
    )
    {
        for (int k = 0; k < batch * HiddenSize; k++)
        {
            float a = wx[k] + wh[k];
            hNext[k] = Nonlinearity == RnnNonlinearity.Tanh ? MathF.Tanh(a) : MathF.Max(a, 0f);
        }
    }
}
