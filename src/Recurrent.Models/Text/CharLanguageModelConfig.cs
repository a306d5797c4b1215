using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using System.Globalization;

namespace Recurrent.Models.Text;

/// <summary>
/// Everything needed to rebuild a <see cref="CharLanguageModel"/> from its weights: the cell, the sizes, the dropout
/// and the vocabulary. It travels in every checkpoint's metadata (<see cref="ToMetadata"/>), so a checkpoint alone is
/// enough to sample from or score with.
/// </summary>
/// <param name="Vocabulary">The characters the model reads and writes.</param>
/// <param name="Cell">The recurrent cell.</param>
/// <param name="HiddenSize">The hidden size of every recurrent layer.</param>
/// <param name="Layers">The number of stacked recurrent layers.</param>
/// <param name="EmbeddingSize">The size of the learned vector of each character.</param>
/// <param name="Dropout">The dropout probability between layers and before the decoder, while training.</param>
public sealed record CharLanguageModelConfig(
    CharVocabulary Vocabulary,
    CellKind Cell,
    int HiddenSize,
    int Layers,
    int EmbeddingSize,
    float Dropout
)
{
    /// <summary>The value of the <c>model</c> metadata key that marks a character language model.</summary>
    public const string ModelKind = "char-lm";

    /// <summary>
    /// The probability of dropping each recurrent weight while training (<see cref="RecurrentLayer.WeightDrop"/>);
    /// 0 drops none. Written to the metadata (<c>weight_drop</c>) only when not 0.
    /// </summary>
    public float WeightDrop { get; init; }

    /// <summary>The configuration as checkpoint metadata (plain keys, values in the invariant culture).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>
        {
            ["model"] = ModelKind,
            ["cell"] = Cell.Name(),
            ["hidden_size"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["num_layers"] = Layers.ToString(CultureInfo.InvariantCulture),
            ["embedding_size"] = EmbeddingSize.ToString(CultureInfo.InvariantCulture),
            ["dropout"] = Dropout.ToString("R", CultureInfo.InvariantCulture),
            ["vocab_size"] = Vocabulary.Count.ToString(CultureInfo.InvariantCulture),
            ["vocabulary"] = Vocabulary.Serialize(),
        };
        if (WeightDrop > 0f)
            metadata["weight_drop"] = WeightDrop.ToString("R", CultureInfo.InvariantCulture);
        return metadata;
    }

    /// <summary>Reads the configuration back from checkpoint metadata written by <see cref="ToMetadata"/>.</summary>
    /// <exception cref="FormatException">
    /// A key is missing or malformed, or the metadata is not a character model's.
    /// </exception>
    public static CharLanguageModelConfig FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var reader = new CheckpointMetadata(metadata, "character language model ('recurrent text train')");
        if (reader.Text("model") != ModelKind)
            throw new FormatException(
                $"the metadata says model '{metadata["model"]}', not a character language model ('{ModelKind}')."
            );
        string cellName = reader.Text("cell");
        var cell = CellKinds.Names.Contains(cellName)
            ? CellKinds.Parse(cellName)
            : throw new FormatException($"the metadata key 'cell' is '{cellName}', not lstm, gru or rnn.");
        float dropout = reader.Probability("dropout");
        CharVocabulary vocabulary;
        try
        {
            vocabulary = CharVocabulary.Parse(reader.Text("vocabulary"));
        }
        catch (FormatException e)
        {
            throw new FormatException($"the stored vocabulary is damaged: {e.Message}", e);
        }
        if (reader.WholeNumber("vocab_size") != vocabulary.Count)
            throw new FormatException(
                $"the metadata key 'vocab_size' is {metadata["vocab_size"]} but the stored "
                    + $"vocabulary has {vocabulary.Count} characters."
            );
        return new CharLanguageModelConfig(
            vocabulary,
            cell,
            reader.WholeNumber("hidden_size"),
            reader.WholeNumber("num_layers"),
            reader.WholeNumber("embedding_size"),
            dropout
        )
        {
            WeightDrop = reader.Optional("weight_drop", reader.Probability, 0f),
        };
    }
}
