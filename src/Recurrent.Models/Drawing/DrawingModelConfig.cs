using Recurrent.IO;
using Recurrent.Layers;
using System.Globalization;

namespace Recurrent.Models.Drawing;

/// <summary>
/// Everything needed to rebuild a <see cref="DrawingModel"/> from its weights; it travels in every checkpoint's
/// metadata (<see cref="ToMetadata"/>).
/// </summary>
/// <param name="Labels">The characters the model draws on request, each drawn when asked by its index; empty for an
/// unconditional model.</param>
/// <param name="Mixtures">The number M of bivariate Gaussians in the output.</param>
/// <param name="HiddenSize">The hidden size of every LSTM layer.</param>
/// <param name="Layers">The number of stacked LSTM layers.</param>
/// <param name="EmbeddingSize">The size of the learned vector of each character (unused without labels).</param>
/// <param name="MaxPoints">The most points a sampled drawing may have (a safety stop; drawings end by their own
/// flag).</param>
/// <param name="Dataset">The dataset the model was trained on, for messages.</param>
/// <param name="Simplify">The stroke simplification tolerance of the training data, which sampled drawings
/// resemble.</param>
public sealed record DrawingModelConfig(
    string Labels,
    int Mixtures,
    int HiddenSize,
    int Layers,
    int EmbeddingSize,
    int MaxPoints,
    string Dataset,
    float Simplify
)
{
    /// <summary>The value of the <c>model</c> metadata key that marks a drawing model.</summary>
    public const string ModelKind = "drawing-mdn";

    /// <summary>
    /// The probability of dropping each recurrent weight while training (<see cref="RecurrentLayer.WeightDrop"/>);
    /// 0 drops none. Written to the metadata (<c>weight_drop</c>) only when not 0.
    /// </summary>
    public float WeightDrop { get; init; }

    /// <summary>
    /// The probability of dropping each output of every LSTM layer while training (inverted dropout: the rest scaled
    /// by 1 / (1 - p)), on its way to the next layer and to the mixture-density layer; 0 drops none. Written to the
    /// metadata (<c>dropout</c>) only when not 0.
    /// </summary>
    public float Dropout { get; init; }

    /// <summary>
    /// Whether every Gaussian of the output has its own pen-up and end-of-drawing logits
    /// (<see cref="Losses.MixtureDensityLayout.FlagsPerComponent"/>), so that the pen lifts after the offset that ends
    /// a stroke; false is Graves's single set per point. Written to the metadata (<c>flags_per_gaussian</c>) only when
    /// true.
    /// </summary>
    public bool FlagsPerGaussian { get; init; }

    /// <summary>Whether the model draws a requested character (rather than whatever it likes).</summary>
    public bool Conditional => Labels.Length > 0;

    /// <summary>The index of <paramref name="character"/> among <see cref="Labels"/>.</summary>
    /// <exception cref="ArgumentException">The model was not trained on that character; the message lists those it
    /// knows.</exception>
    public int LabelIndex(char character)
    {
        int index = Labels.IndexOf(character, StringComparison.Ordinal);
        if (index < 0)
            throw new ArgumentException(
                Conditional
                    ? $"The model was not trained to draw '{character}' (U+{(int)character:X4}); it was trained on "
                        + $"{Dataset} and draws only: {Labels}."
                    : $"The model trained on {Dataset} is unconditional: it draws no requested character. Sample it "
                        + $"without --text (use --count)."
            );
        return index;
    }

    /// <summary>The configuration as checkpoint metadata (plain keys, values in the invariant culture).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>
        {
            ["model"] = ModelKind,
            ["labels"] = Labels,
            ["mixtures"] = Mixtures.ToString(CultureInfo.InvariantCulture),
            ["hidden_size"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["num_layers"] = Layers.ToString(CultureInfo.InvariantCulture),
            ["embedding_size"] = EmbeddingSize.ToString(CultureInfo.InvariantCulture),
            ["max_points"] = MaxPoints.ToString(CultureInfo.InvariantCulture),
            ["dataset"] = Dataset,
            ["simplify"] = Simplify.ToString("R", CultureInfo.InvariantCulture),
        };
        if (WeightDrop > 0f)
            metadata["weight_drop"] = WeightDrop.ToString("R", CultureInfo.InvariantCulture);
        if (Dropout > 0f)
            metadata["dropout"] = Dropout.ToString("R", CultureInfo.InvariantCulture);
        if (FlagsPerGaussian)
            metadata["flags_per_gaussian"] = "true";
        return metadata;
    }

    /// <summary>Reads the configuration back from checkpoint metadata.</summary>
    /// <exception cref="FormatException">A key is missing or malformed, or the metadata is another kind of
    /// model's.</exception>
    public static DrawingModelConfig FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var reader = new CheckpointMetadata(metadata, "drawing model ('recurrent draw train')");
        if (reader.Text("model") != ModelKind)
            throw new FormatException(
                $"the metadata says model '{metadata["model"]}', not a drawing model ('{ModelKind}')."
            );
        float simplify = (float)reader.RealNumber("simplify");
        if (simplify < 0)
            throw new FormatException($"the metadata key 'simplify' is {simplify}, not a tolerance of 0 or more.");
        string labels = reader.Text("labels");
        if (labels.Distinct().Count() != labels.Length)
            throw new FormatException($"the metadata key 'labels' repeats a character: '{labels}'.");
        return new DrawingModelConfig(
            labels,
            reader.WholeNumber("mixtures"),
            reader.WholeNumber("hidden_size"),
            reader.WholeNumber("num_layers"),
            reader.WholeNumber("embedding_size"),
            reader.WholeNumber("max_points"),
            reader.Text("dataset"),
            simplify
        )
        {
            WeightDrop = reader.Optional("weight_drop", reader.Probability, 0f),
            Dropout = reader.Optional("dropout", reader.Probability, 0f),
            FlagsPerGaussian = reader.Optional("flags_per_gaussian", reader.Flag, false),
        };
    }
}
