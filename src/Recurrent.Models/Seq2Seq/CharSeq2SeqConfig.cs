using Recurrent.IO;
using System.Globalization;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// Everything needed to rebuild a <see cref="CharSeq2Seq"/> from its weights: the longest question and answer and
/// the sizes. It travels in every checkpoint's metadata (<see cref="ToMetadata"/>) with the alphabet and the marks,
/// so that a user of the exported model can prepare its input and read its output.
/// </summary>
/// <param name="QuestionLength">The longest question.</param>
/// <param name="AnswerLength">The longest answer (without the end mark).</param>
/// <param name="EmbeddingSize">The width of a character embedding.</param>
/// <param name="HiddenSize">The LSTM width of encoder and decoder.</param>
public sealed record CharSeq2SeqConfig(int QuestionLength, int AnswerLength, int EmbeddingSize, int HiddenSize)
{
    /// <summary>The value of the <c>model</c> metadata key that marks a character encoder-decoder.</summary>
    public const string ModelKind = "char-seq2seq";

    /// <summary>The configuration as checkpoint metadata (plain keys, values in the invariant culture).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = ModelKind,
            ["task"] = "seq2seq",
            ["alphabet"] = CharSeq2Seq.Alphabet,
            ["question_length"] = Text(QuestionLength),
            ["answer_length"] = Text(AnswerLength),
            ["embedding_size"] = Text(EmbeddingSize),
            ["hidden_size"] = Text(HiddenSize),
            ["start_token"] = Text(CharSeq2Seq.Start),
            ["end_token"] = Text(CharSeq2Seq.End),
            ["question_encoding"] =
                "the question padded with spaces to question_length characters, then reversed, each character its "
                    + "index in alphabet",
            ["decoding"] =
                "decoder tokens start with start_token; each next token is chosen from the logits until end_token or "
                    + "answer_length characters",
        };

    /// <summary>Reads a configuration written by <see cref="ToMetadata"/>.</summary>
    /// <exception cref="FormatException">A key is missing or malformed, the metadata is not a character
    /// encoder-decoder's, or its alphabet is another; the message names the key.</exception>
    public static CharSeq2SeqConfig FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var reader = new CheckpointMetadata(metadata, ModelKind);
        int Positive(string key) => reader.WholeNumber(key);
        if (metadata.GetValueOrDefault("model") != ModelKind)
            throw new FormatException($"the model kind is '{metadata.GetValueOrDefault("model")}', not {ModelKind}.");
        if (metadata.GetValueOrDefault("alphabet") is { } alphabet && alphabet != CharSeq2Seq.Alphabet)
            throw new FormatException($"the alphabet is \"{alphabet}\", not \"{CharSeq2Seq.Alphabet}\".");
        return new CharSeq2SeqConfig(
            Positive("question_length"),
            Positive("answer_length"),
            Positive("embedding_size"),
            Positive("hidden_size")
        );
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
