namespace Recurrent.Datasets;

/// <summary>
/// A text read for a character model: the text, its vocabulary (built from it, or a model's), and the token of each
/// character.
/// </summary>
public sealed class TextCorpus
{
    private TextCorpus(string source, string text, CharVocabulary vocabulary, int[] tokens)
    {
        Source = source;
        Text = text;
        Vocabulary = vocabulary;
        Tokens = tokens;
    }

    /// <summary>Where the text came from (a path, or a name given by the caller).</summary>
    public string Source { get; }

    /// <summary>The text.</summary>
    public string Text { get; }

    /// <summary>The vocabulary the tokens index.</summary>
    public CharVocabulary Vocabulary { get; }

    /// <summary>One token per character (Unicode scalar value) of the text.</summary>
    public int[] Tokens { get; }

    /// <summary>
    /// Reads a UTF-8 file strictly. With no <paramref name="vocabulary"/> it is built from the file (training);
    /// with one, every character must be in it (scoring a file under a trained model).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not UTF-8 or is empty; the message names the
    /// file.</exception>
    /// <exception cref="ArgumentException">A character is not in <paramref name="vocabulary"/>; the message names it,
    /// its position and the file.</exception>
    public static TextCorpus Load(string path, CharVocabulary? vocabulary = null) =>
        FromText(Utf8TextFile.Read(path), path, vocabulary);

    /// <summary>A corpus of <paramref name="text"/>; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="InvalidDataException">The text is empty.</exception>
    /// <exception cref="ArgumentException">A character is not in <paramref name="vocabulary"/>.</exception>
    public static TextCorpus FromText(string text, string source, CharVocabulary? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            throw new InvalidDataException(
                $"The corpus '{source}' is empty: a character model needs text to learn from."
            );
        vocabulary ??= CharVocabulary.Build(text);
        return new TextCorpus(source, text, vocabulary, vocabulary.Encode(text, $"text of '{source}'"));
    }
}
