namespace Recurrent.Models.Classification;

/// <summary>The recurrent cell of a <see cref="SequenceClassifier"/>.</summary>
public enum ClassifierCell
{
    /// <summary>Long short-term memory, as <c>nn.LSTM</c>.</summary>
    Lstm,

    /// <summary>Gated recurrent unit, as <c>nn.GRU</c>.</summary>
    Gru,
}
