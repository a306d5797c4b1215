namespace Recurrent.Layers;

/// <summary>
/// The kind of a recurrent cell, as the <c>mode</c> of PyTorch's <c>nn.RNNBase</c>; see
/// <see cref="RecurrentLayer.Create"/> for the layer of each kind and <see cref="CellKinds"/> for their names.
/// </summary>
public enum CellKind
{
    /// <summary>Long short-term memory (<see cref="LstmLayer"/>, <c>nn.LSTM</c>).</summary>
    Lstm,

    /// <summary>Gated recurrent unit (<see cref="GruLayer"/>, <c>nn.GRU</c>).</summary>
    Gru,

    /// <summary>Elman RNN, tanh or relu (<see cref="RnnLayer"/>, <c>nn.RNN</c>).</summary>
    Rnn,
}
