using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A multi-layer Elman RNN over sequences, as PyTorch's <c>nn.RNN</c> (but batch-first by default); see
/// <see cref="RnnCell"/> for the equation and <see cref="RecurrentLayer"/> for the options.
/// </summary>
public sealed class RnnLayer : RecurrentLayer
{
    /// <summary>
    /// Creates the stack, as <c>nn.RNN(input_size, hidden_size, num_layers, nonlinearity, bias, batch_first,
    /// dropout, bidirectional)</c> in PyTorch's order, with PyTorch's default initialisation drawn from
    /// <paramref name="rng"/>. Unlike PyTorch, <paramref name="batchFirst"/> is true by default.
    /// </summary>
    /// <param name="inputSize">The width I of the input at each step.</param>
    /// <param name="hiddenSize">The width H of each direction's hidden state.</param>
    /// <param name="numLayers">The number L of stacked layers.</param>
    /// <param name="nonlinearity">tanh (PyTorch's default) or relu.</param>
    /// <param name="bias">Whether every cell has the biases <c>bias_ih</c> and <c>bias_hh</c>.</param>
    /// <param name="batchFirst">Whether inputs and outputs are <c>[B, T, ...]</c>, not <c>[T, B, ...]</c>.</param>
    /// <param name="dropout">The dropout probability on the output of every layer but the last, while training.</param>
    /// <param name="bidirectional">Whether each layer also runs from the last step to the first.</param>
    /// <param name="rng">The generator for the initial weights and the dropout masks; a random seed when null.</param>
    public RnnLayer(
        int inputSize,
        int hiddenSize,
        int numLayers = 1,
        RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh,
        bool bias = true,
        bool batchFirst = true,
        float dropout = 0f,
        bool bidirectional = false,
        RandomGenerator? rng = null
    )
        : base(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, rng, (i, h, r) =>
            new RnnCell(i, h, bias, nonlinearity, r)
        )
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>The nonlinearity of every cell.</summary>
    public RnnNonlinearity Nonlinearity { get; }

    /// <inheritdoc />
    public override CellKind Kind => CellKind.Rnn;
}
