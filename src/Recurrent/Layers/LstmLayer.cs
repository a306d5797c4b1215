using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A multi-layer LSTM over sequences, as PyTorch's <c>nn.LSTM</c> (but batch-first by default); see
/// <see cref="LstmCell"/> for the equations and <see cref="RecurrentLayer"/> for the options.
/// </summary>
public sealed class LstmLayer : RecurrentLayer
{
    /// <summary>
    /// Creates the stack, as <c>nn.LSTM(input_size, hidden_size, num_layers, bias, batch_first, dropout,
    /// bidirectional)</c> in PyTorch's order, with PyTorch's default initialisation drawn from
    /// <paramref name="rng"/>. Unlike PyTorch, <paramref name="batchFirst"/> is true by default.
    /// </summary>
    /// <param name="inputSize">The width I of the input at each step.</param>
    /// <param name="hiddenSize">The width H of each direction's hidden state.</param>
    /// <param name="numLayers">The number L of stacked layers.</param>
    /// <param name="bias">Whether every cell has the biases <c>bias_ih</c> and <c>bias_hh</c>.</param>
    /// <param name="batchFirst">Whether inputs and outputs are <c>[B, T, ...]</c>, not <c>[T, B, ...]</c>.</param>
    /// <param name="dropout">The dropout probability on the output of every layer but the last, while training.</param>
    /// <param name="bidirectional">Whether each layer also runs from the last step to the first.</param>
    /// <param name="rng">The generator for the initial weights and the dropout masks; a random seed when null.</param>
    public LstmLayer(
        int inputSize,
        int hiddenSize,
        int numLayers = 1,
        bool bias = true,
        bool batchFirst = true,
        float dropout = 0f,
        bool bidirectional = false,
        RandomGenerator? rng = null
    )
        : base(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, rng, (i, h, r) =>
            new LstmCell(i, h, bias, r)
        )
    { }

    /// <inheritdoc />
    public override CellKind Kind => CellKind.Lstm;

    /// <summary>
    /// Sets the forget-gate bias of every cell (b_if = value, b_hf = 0); see <see cref="LstmCell.SetForgetGateBias"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layer was made with <c>bias: false</c>.</exception>
    public void SetForgetGateBias(float value)
    {
        for (int l = 0; l < NumLayers; l++)
            for (int d = 0; d < Directions; d++)
                ((LstmCell)Cell(l, d == 1)).SetForgetGateBias(value);
    }
}
