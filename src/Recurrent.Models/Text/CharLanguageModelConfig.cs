using System.Globalization;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;

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
public sealed record CharLanguageModelConfig(CharVocabulary Vocabulary, CellKind Cell, int HiddenSize, int Layers, int EmbeddingSize, float Dropout)
{
    /// <summary>The value of the <c>model</c> metadata key that marks a character language model.</summary>
    public const string ModelKind = "char-lm";

    /// <summary>The configuration as checkpoint metadata (plain keys, values in the invariant culture).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
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

    /// <summary>Reads the configuration back from the metadata of <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointFormatException">A key is missing or malformed, or the file is not a character model.</exception>
    public static CharLanguageModelConfig FromMetadata(IReadOnlyDictionary<string, string> metadata, string path)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string Required(string key) => metadata.TryGetValue(key, out var value) ? value
            : throw new CheckpointFormatException(path, $"the metadata has no '{key}'; it is not a character model checkpoint made by 'recurrent text train'.");
        int Positive(string key) => int.TryParse(Required(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0 ? v
            : throw new CheckpointFormatException(path, $"the metadata '{key}' is not a positive integer: '{metadata[key]}'.");

        if (Required("model") != ModelKind)
            throw new CheckpointFormatException(path, $"the metadata says model '{metadata["model"]}', not a character language model ('{ModelKind}').");
        string cellName = Required("cell");
        var cell = CellKinds.Names.Contains(cellName) ? CellKinds.Parse(cellName)
            : throw new CheckpointFormatException(path, $"the metadata 'cell' is '{cellName}', not lstm, gru or rnn.");
        if (!float.TryParse(Required("dropout"), NumberStyles.Float, CultureInfo.InvariantCulture, out float dropout) || dropout is < 0f or >= 1f)
            throw new CheckpointFormatException(path, $"the metadata 'dropout' is not a probability in [0, 1): '{metadata["dropout"]}'.");
        CharVocabulary vocabulary;
        try
        {
            vocabulary = CharVocabulary.Parse(Required("vocabulary"));
        }
        catch (FormatException e)
        {
            throw new CheckpointFormatException(path, $"the stored vocabulary is damaged: {e.Message}", e);
        }
        if (Positive("vocab_size") != vocabulary.Count)
            throw new CheckpointFormatException(path, $"the metadata 'vocab_size' is {metadata["vocab_size"]} but the stored vocabulary has {vocabulary.Count} characters.");
        return new CharLanguageModelConfig(vocabulary, cell, Positive("hidden_size"), Positive("num_layers"), Positive("embedding_size"), dropout);
    }
}
