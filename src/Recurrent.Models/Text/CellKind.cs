namespace Recurrent.Models.Text;

/// <summary>The recurrent cell of a <see cref="CharLanguageModel"/>.</summary>
public enum CellKind
{
    /// <summary>Long short-term memory (<c>nn.LSTM</c>).</summary>
    Lstm,

    /// <summary>Gated recurrent unit (<c>nn.GRU</c>).</summary>
    Gru,

    /// <summary>Elman RNN with tanh (<c>nn.RNN</c>).</summary>
    Rnn,
}
