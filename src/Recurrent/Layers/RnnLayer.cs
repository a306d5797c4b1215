using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A multi-layer Elman RNN over sequences, as PyTorch's <c>nn.RNN</c> (but batch-first by default); see
/// <see cref="RnnCell"/> for the equation and <see cref="RecurrentLayer"/> for the options.
/// </summary>
public sealed class RnnLayer : RecurrentLayer
{
    /// <summary>
    /// Creates the stack, as <c>nn.RNN(input_size, hidden_size, num_layers, nonlinearity=..., dropout=...,
    /// bidirectional=..., batch_first=...)</c>, with PyTorch's default initialisation drawn from <paramref name="rng"/>.
    /// </summary>
    public RnnLayer(int inputSize, int hiddenSize, int numLayers = 1, bool bidirectional = false, float dropout = 0f, bool batchFirst = true,
        RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh, RandomGenerator? rng = null)
        : base(inputSize, hiddenSize, numLayers, bidirectional, dropout, batchFirst, rng, (i, h, r) => new RnnCell(i, h, nonlinearity, r))
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>The nonlinearity of every cell.</summary>
    public RnnNonlinearity Nonlinearity { get; }
}
