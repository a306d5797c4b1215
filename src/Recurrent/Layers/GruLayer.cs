using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A multi-layer GRU over sequences, as PyTorch's <c>nn.GRU</c> (but batch-first by default); see
/// <see cref="GruCell"/> for the equations and <see cref="RecurrentLayer"/> for the options.
/// </summary>
public sealed class GruLayer : RecurrentLayer
{
    /// <summary>
    /// Creates the stack, as <c>nn.GRU(input_size, hidden_size, num_layers, dropout=..., bidirectional=...,
    /// batch_first=...)</c>, with PyTorch's default initialisation drawn from <paramref name="rng"/>.
    /// </summary>
    public GruLayer(int inputSize, int hiddenSize, int numLayers = 1, bool bidirectional = false, float dropout = 0f, bool batchFirst = true,
        RandomGenerator? rng = null)
        : base(inputSize, hiddenSize, numLayers, bidirectional, dropout, batchFirst, rng, (i, h, r) => new GruCell(i, h, r)) { }
}
