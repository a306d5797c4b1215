namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>The recurrent cell a case runs: an Elman RNN with tanh, an LSTM or a GRU (PyTorch's equations).</summary>
internal enum RecurrentCellKind
{
    /// <summary>h' = tanh(W_ih x + b_ih + W_hh h + b_hh).</summary>
    Rnn,

    /// <summary>Long short-term memory, gates in the order input, forget, cell, output.</summary>
    Lstm,

    /// <summary>Gated recurrent unit, the reset gate applied to (W_hn h + b_hn).</summary>
    Gru,
}
