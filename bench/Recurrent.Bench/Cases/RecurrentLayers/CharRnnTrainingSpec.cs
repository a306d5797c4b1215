using Recurrent.Layers;

namespace Recurrent.Bench.Cases.RecurrentLayers;

/// <summary>
/// A <c>charrnn-&lt;cell&gt;-h&lt;H&gt;</c> case: one training step of a character model on a fixed random batch of
/// token ids <c>[B, T]</c> and targets <c>[B, T]</c>: embedding 65 -> H, a 2-layer recurrent layer (batch-first,
/// zero initial state), linear H -> 65 on every step, mean cross-entropy over all B*T targets, backward, gradient
/// norm clipped to 5, one Adam step. Unit tokens/s, B*T tokens per step. Both sides take this spec.
/// </summary>
internal sealed record CharRnnTrainingSpec(CellKind Cell, int Hidden)
{
    /// <summary>Characters in the vocabulary (Tiny Shakespeare's 65).</summary>
    public int Vocabulary => 65;

    /// <summary>Stacked recurrent layers.</summary>
    public int Layers => 2;

    /// <summary>Sequences per batch.</summary>
    public int Batch => 50;

    /// <summary>Time steps per sequence.</summary>
    public int Steps => 50;

    /// <summary>The largest global gradient norm; larger gradients are scaled down to it.</summary>
    public double ClipNorm => 5;

    /// <summary>Adam's learning rate (betas 0.9, 0.999, eps 1e-8: PyTorch's defaults).</summary>
    public double LearningRate => 2e-3;

    /// <summary>The case name, e.g. <c>charrnn-lstm-h512</c>.</summary>
    public string CaseName => $"charrnn-{Cell.ToString().ToLowerInvariant()}-h{Hidden}";

    /// <summary>The tokens one training step consumes.</summary>
    public int TokensPerStep => Batch * Steps;

    /// <summary>The four charrnn cases of the recurrent-layers issue.</summary>
    public static IReadOnlyList<CharRnnTrainingSpec> All { get; } =
    [new(CellKind.Lstm, 512), new(CellKind.Lstm, 128), new(CellKind.Gru, 512), new(CellKind.Rnn, 512)];
}
