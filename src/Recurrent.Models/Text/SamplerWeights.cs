namespace Recurrent.Models.Text;

/// <summary>The format a <see cref="CharSampler"/> reads the model's recurrent and decoder weights in.</summary>
public enum SamplerWeights
{
    /// <summary>The model's own float32 weights, as trained (copied into <c>PanelMatrix</c> order).</summary>
    Float32,

    /// <summary>
    /// int8 with a scale per row (symmetric, as PyTorch's dynamic quantisation stores weights), widened to float in
    /// registers; embedding, biases, states and activations stay float32. A quarter of the bytes read per character;
    /// the scores move by the rounding of the weights.
    /// </summary>
    Int8,
}
