using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A long short-term memory cell, exactly PyTorch's <c>nn.LSTMCell</c> (gate blocks in the order i, f, g, o):
/// <code>
/// i  = sigmoid(W_ii x + b_ii + W_hi h + b_hi)      input gate
/// f  = sigmoid(W_if x + b_if + W_hf h + b_hf)      forget gate
/// g  = tanh   (W_ig x + b_ig + W_hg h + b_hg)      candidate cell
/// o  = sigmoid(W_io x + b_io + W_ho h + b_ho)      output gate
/// c' = f * c + i * g
/// h' = o * tanh(c')
/// </code>
/// </summary>
public sealed class LstmCell : RecurrentCell
{
    /// <summary>Creates a cell with PyTorch's default initialisation drawn from <paramref name="rng"/>.</summary>
    /// <param name="inputSize">The width I of an input vector.</param>
    /// <param name="hiddenSize">The width H of the hidden state.</param>
    /// <param name="bias">Whether the cell has <c>bias_ih</c> and <c>bias_hh</c>, as PyTorch's <c>bias</c>.</param>
    /// <param name="rng">The generator that draws the initial weights; a random seed when null.</param>
    public LstmCell(int inputSize, int hiddenSize, bool bias = true, RandomGenerator? rng = null)
        : base(inputSize, hiddenSize, 4, bias, rng)
    {
        RowKernel = new LstmRowKernel(hiddenSize);
    }

    /// <inheritdoc />
    internal override RecurrentRowKernel RowKernel { get; }

    /// <inheritdoc />
    public override bool HasCellState => true;

    /// <summary>
    /// Sets the forget-gate bias so that <c>b_if + b_hf</c> equals <paramref name="value"/> (b_if = value,
    /// b_hf = 0): with 1 the cell starts out remembering, as Jozefowicz et al. (2015) recommend.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cell was made without biases.</exception>
    public void SetForgetGateBias(float value)
    {
        if (BiasIH is null || BiasHH is null)
            throw new InvalidOperationException(
                $"{this}: the cell was made with bias: false, so it has no forget-gate bias to set."
            );
        int h = HiddenSize;
        BiasIH.Span.Slice(h, h).Fill(value);
        BiasHH.Span.Slice(h, h).Clear();
    }

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
                int row = b * 4 * n;
                float i = Sigmoid(wx[row + j] + wh[row + j]);
                float f = Sigmoid(wx[row + n + j] + wh[row + n + j]);
                float g = MathF.Tanh(wx[row + 2 * n + j] + wh[row + 2 * n + j]);
                float o = Sigmoid(wx[row + 3 * n + j] + wh[row + 3 * n + j]);
                float cj = f * c[b * n + j] + i * g;
                cNext[b * n + j] = cj;
                hNext[b * n + j] = o * MathF.Tanh(cj);
            }
    }
}
