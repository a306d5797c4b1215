using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A gated recurrent unit, exactly PyTorch's <c>nn.GRUCell</c> (gate blocks in the order r, z, n; the reset gate
/// multiplies <c>W_hn h + b_hn</c>, as in cuDNN):
/// <code>
/// r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)      reset gate
/// z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)      update gate
/// n  = tanh   (W_in x + b_in + r * (W_hn h + b_hn)) candidate
/// h' = (1 - z) * n + z * h
/// </code>
/// </summary>
public sealed class GruCell : RecurrentCell
{
    /// <summary>Creates a cell with PyTorch's default initialisation drawn from <paramref name="rng"/>.</summary>
    /// <param name="inputSize">The width I of an input vector.</param>
    /// <param name="hiddenSize">The width H of the hidden state.</param>
    /// <param name="bias">Whether the cell has <c>bias_ih</c> and <c>bias_hh</c>, as PyTorch's <c>bias</c>.</param>
    /// <param name="rng">The generator that draws the initial weights; a random seed when null.</param>
    public GruCell(int inputSize, int hiddenSize, bool bias = true, RandomGenerator? rng = null)
        : base(inputSize, hiddenSize, 3, bias, rng)
    {
        RowKernel = new GruRowKernel(hiddenSize);
    }

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
        int n = HiddenSize;
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < n; j++)
            {
                int row = b * 3 * n;
                float r = Sigmoid(wx[row + j] + wh[row + j]);
                float z = Sigmoid(wx[row + n + j] + wh[row + n + j]);
                float candidate = MathF.Tanh(wx[row + 2 * n + j] + r * wh[row + 2 * n + j]);
                hNext[b * n + j] = (1f - z) * candidate + z * h[b * n + j];
            }
    }
}
