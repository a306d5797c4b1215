namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>
/// The <c>rowmnist-lstm-h128</c> case: one training step of an image classifier that reads a 28x28 image row by
/// row: a 1-layer LSTM with H=128 over 28 steps of 28 inputs (batch-first <c>[B, 28, 28]</c>, zero initial state),
/// the last step's output through linear 128 -> 10, mean cross-entropy, backward, one Adam step (no clipping).
/// B=128 on a fixed random batch (speed does not depend on the pixels). Unit samples/s. Both sides take this spec.
/// </summary>
internal sealed record RowMnistTrainingSpec
{
    /// <summary>The case name.</summary>
    public string CaseName => "rowmnist-lstm-h128";

    /// <summary>Image rows: the time steps.</summary>
    public int Rows => 28;

    /// <summary>Image columns: the inputs per step.</summary>
    public int Columns => 28;

    /// <summary>Hidden size of the LSTM.</summary>
    public int Hidden => 128;

    /// <summary>Digit classes.</summary>
    public int Classes => 10;

    /// <summary>Images per batch.</summary>
    public int Batch => 128;

    /// <summary>Adam's learning rate (PyTorch's default).</summary>
    public double LearningRate => 1e-3;
}
