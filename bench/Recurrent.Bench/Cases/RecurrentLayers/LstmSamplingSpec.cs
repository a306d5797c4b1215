namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>
/// The <c>sample-lstm-h512</c> case: generation from a character model, batch 1, no gradient: embedding 65 -> 512,
/// a 2-layer LSTM stepped one token at a time with its state carried, linear 512 -> 65, softmax, one token drawn
/// from it and fed back, 1000 tokens per run from a zero state. Unit tokens/s. Both sides take this spec.
/// </summary>
internal sealed record LstmSamplingSpec
{
    /// <summary>The case name.</summary>
    public string CaseName => "sample-lstm-h512";

    /// <summary>Characters in the vocabulary.</summary>
    public int Vocabulary => 65;

    /// <summary>Hidden size of each LSTM layer (the embedding has the same width).</summary>
    public int Hidden => 512;

    /// <summary>Stacked LSTM layers.</summary>
    public int Layers => 2;

    /// <summary>Tokens drawn per run.</summary>
    public int Tokens => 1000;
}
