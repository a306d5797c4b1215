using Recurrent.Models.Drawing;

namespace Recurrent.Tests.Drawing;

/// <summary>
/// A drawing model small enough that saving, exporting and sampling take milliseconds. The Onnx and Cli test projects
/// compile this same file (a linked item in their project files), so every project builds the same model.
/// </summary>
public static class TinyDrawingModel
{
    /// <summary>A model over <paramref name="labels"/> with fixed weights (seed 5).</summary>
    public static DrawingModel Create(
        string labels = "ab",
        int layers = 2,
        int mixtures = 3,
        int hidden = 12,
        bool flagsPerGaussian = false
    ) =>
        new(
            new DrawingModelConfig(labels, mixtures, hidden, layers, EmbeddingSize: 4, MaxPoints: 12, "test", 0f)
            {
                FlagsPerGaussian = flagsPerGaussian,
            },
            seed: 5
        );
}
