using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A multi-layer LSTM over sequences, as PyTorch's <c>nn.LSTM</c> (but batch-first by default); see
/// <see cref="LstmCell"/> for the equations and <see cref="RecurrentLayer"/> for the options.
/// </summary>
public sealed class LstmLayer : RecurrentLayer
{
    /// <summary>
    /// Creates the stack, as <c>nn.LSTM(input_size, hidden_size, num_layers, dropout=..., bidirectional=...,
    /// batch_first=...)</c>, with PyTorch's default initialisation drawn from <paramref name="rng"/>.
    /// </summary>
    public LstmLayer(int inputSize, int hiddenSize, int numLayers = 1, bool bidirectional = false, float dropout = 0f, bool batchFirst = true,
        RandomGenerator? rng = null)
        : base(inputSize, hiddenSize, numLayers, bidirectional, dropout, batchFirst, rng, (i, h, r) => new LstmCell(i, h, r)) { }

    /// <summary>Sets the forget-gate bias of every cell (b_if = value, b_hf = 0); see <see cref="LstmCell.SetForgetGateBias"/>.</summary>
    public void SetForgetGateBias(float value)
    {
        for (int l = 0; l < NumLayers; l++)
            for (int d = 0; d < Directions; d++)
                ((LstmCell)Cell(l, d == 1)).SetForgetGateBias(value);
    }
}
