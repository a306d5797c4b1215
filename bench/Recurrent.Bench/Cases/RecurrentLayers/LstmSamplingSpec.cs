namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>
/// The <c>sample-lstm-h512</c> case: generation from a character model, batch 1, no gradient: embedding 65 -> 512,
/// a 2-layer LSTM stepped one token at a time with its state carried, linear 512 -> 65, softmax, one token drawn
/// from it and fed back, 1000 tokens per run from a zero state. Unit tokens/s. Both sides take this spec. With
/// <see cref="Int8Weights"/> (<c>sample-lstm-h512-int8</c>, ours only) the LSTM and head weights are read as int8
/// with a scale per row.
/// </summary>
internal sealed record LstmSamplingSpec
{
    /// <summary>The case name.</summary>
    public string CaseName => Int8Weights ? "sample-lstm-h512-int8" : "sample-lstm-h512";

    /// <summary>Whether the LSTM's and the head's weights are int8 with a scale per row (activations stay float).
    /// </summary>
    public bool Int8Weights { get; init; }

    /// <summary>Characters in the vocabulary.</summary>
    public int Vocabulary => 65;

    /// <summary>Hidden size of each LSTM layer (the embedding has the same width).</summary>
    public int Hidden => 512;

    /// <summary>Stacked LSTM layers.</summary>
    public int Layers => 2;

    /// <summary>Tokens drawn per run.</summary>
    public int Tokens => 1000;
}
