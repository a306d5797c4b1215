using System.Numerics;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

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
    }

    /// <summary>The function applied to the sum of the two affine maps.</summary>
    public RnnNonlinearity Nonlinearity { get; }

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

    // saved holds h' : [H]
    internal override int SavedWidth => HiddenSize;

    // xg, hg, saved, h are [H].
    internal override void ForwardRow(ReadOnlySpan<float> xg, ReadOnlySpan<float> hg, Span<float> saved, Span<float> h, Span<float> c)
    {
        TensorPrimitives.Add(xg, hg, saved);
        TensorPrimitives.Add(saved, BiasHH.Span, saved);
        if (Nonlinearity == RnnNonlinearity.Tanh)
            TensorPrimitives.Tanh(saved, saved);
        else
            TensorPrimitives.Max(saved, 0f, saved);
        saved.CopyTo(h);
    }

    // dgx = dgh [H]: the gradient of the pre-activation.
    internal override void BackwardRow(ReadOnlySpan<float> saved, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev,
        Span<float> dh, Span<float> dc, Span<float> dgx, Span<float> dgh)
    {
        if (Nonlinearity == RnnNonlinearity.Tanh)
        {
            // dL/dpre = dL/dh * (1 - tanh^2), a vector of hidden units at a time
            int width = Vector<float>.Count, j = 0;
            for (; j <= saved.Length - width; j += width)
            {
                var y = new Vector<float>(saved[j..]);
                (new Vector<float>(dh[j..]) * (Vector<float>.One - y * y)).CopyTo(dgx[j..]);
            }
            for (; j < saved.Length; j++)
                dgx[j] = dh[j] * (1f - saved[j] * saved[j]);
        }
        else
            for (int j = 0; j < saved.Length; j++)
                dgx[j] = saved[j] > 0f ? dh[j] : 0f;
        dh.Clear();
    }
}
