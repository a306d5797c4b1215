namespace Recurrent.Bench.Cases.Inference;

/// <summary>
/// The <c>classify-lstm2-h128</c> case: batch inference of a sequence classifier, no gradient: a batch of 64
/// sequences of 100 steps of 16 features through a 2-layer LSTM with hidden size 128, the last layer's final hidden
/// state through linear 128 -> 10 and softmax. Unit samples/s. Every side takes this spec.
/// </summary>
internal sealed record LstmClassificationSpec
{
    /// <summary>The case name.</summary>
    public string CaseName => "classify-lstm2-h128";

    /// <summary>Sequences per batch.</summary>
    public int Batch => 64;

    /// <summary>Steps per sequence.</summary>
    public int Steps => 100;

    /// <summary>Features per step.</summary>
    public int Features => 16;

    /// <summary>Hidden size of each LSTM layer.</summary>
    public int Hidden => 128;

    /// <summary>Stacked LSTM layers.</summary>
    public int Layers => 2;

    /// <summary>Classes of the linear head.</summary>
    public int Classes => 10;
}
