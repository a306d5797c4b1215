using System.Globalization;
using System.Text;

namespace Recurrent.Datasets;

/// <summary>
/// The characters of a corpus, as Unicode scalar values (<see cref="Rune"/>, so a character outside the Basic
/// Multilingual Plane is one symbol, not two UTF-16 code units), each mapped to an index. The order is by scalar
/// value, so the same corpus always gives the same indices. It is stored with a model as a string
/// (<see cref="Serialize"/>, <see cref="Parse"/>).
/// </summary>
public sealed class CharVocabulary
{
    private const string FormatTag = "runes-v1:";
    private readonly Rune[] _symbols;
    private readonly Dictionary<int, int> _indexOf;

    private CharVocabulary(Rune[] symbols)
    {
        _symbols = symbols;
        _indexOf = new Dictionary<int, int>(symbols.Length);
        for (int i = 0; i < symbols.Length; i++)
            _indexOf.Add(symbols[i].Value, i);
    }

    /// <summary>The number of distinct characters.</summary>
    public int Count => _symbols.Length;

    /// <summary>The characters, sorted by scalar value; index i is the character of token i.</summary>
    public IReadOnlyList<Rune> Symbols => _symbols;

    /// <summary>Builds the vocabulary of every character in <paramref name="corpus"/>.</summary>
    /// <exception cref="ArgumentException">The corpus is empty.</exception>
    public static CharVocabulary Build(string corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Length == 0)
            throw new ArgumentException(
                "The corpus is empty: a character vocabulary needs at least one character.",
                nameof(corpus)
            );
        var seen = new HashSet<int>();
        foreach (var rune in corpus.EnumerateRunes())
            seen.Add(rune.Value);
        var values = seen.ToArray();
        Array.Sort(values);
        return new CharVocabulary(Array.ConvertAll(values, v => new Rune(v)));
    }

    /// <summary>Whether <paramref name="symbol"/> is in the vocabulary.</summary>
    public bool Contains(Rune symbol) => _indexOf.ContainsKey(symbol.Value);

    /// <summary>The index of one character.</summary>
    /// <exception cref="ArgumentException">The character is not in the vocabulary.</exception>
    public int IndexOf(Rune symbol) =>
        _indexOf.TryGetValue(symbol.Value, out int index)
            ? index
            : throw new ArgumentException(
                $"The character {Describe(symbol)} is not in the vocabulary of {Count} characters.",
                nameof(symbol)
            );

    /// <summary>
    /// The indices of the characters of <paramref name="text"/>, one per scalar value. <paramref name="what"/> names
    /// the text in the error (for example "prime text").
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A character is not in the vocabulary; the message names it and its position (counted in characters from 0).
    /// </exception>
    public int[] Encode(string text, string what = "text")
    {
        ArgumentNullException.ThrowIfNull(text);
        var indices = new List<int>(text.Length);
        int position = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!_indexOf.TryGetValue(rune.Value, out int index))
                throw new ArgumentException(
                    $"The {what} has the character {Describe(rune)} at position {position}, which is not in the "
                        + $"model's vocabulary "
                        + $"of {Count} characters. Remove or replace it, or train on a corpus that contains it.",
                    nameof(text)
                );
            indices.Add(index);
            position++;
        }
        return indices.ToArray();
    }

    /// <summary>The text of a sequence of indices.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, Count)</c>.</exception>
    public string Decode(ReadOnlySpan<int> indices)
    {
        var builder = new StringBuilder(indices.Length);
        foreach (int index in indices)
            builder.Append(SymbolText(index));
        return builder.ToString();
    }

    /// <summary>
    /// The character of one index as a string (two UTF-16 code units outside the Basic Multilingual Plane).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside <c>[0, Count)</c>.</exception>
    public string SymbolText(int index)
    {
        if ((uint)index >= (uint)_symbols.Length)
            throw new ArgumentOutOfRangeException(
                nameof(index),
                $"Token index {index} is outside the vocabulary of {Count} characters."
            );
        return _symbols[index].ToString();
    }

    /// <summary>
    /// The vocabulary as one line of ASCII for checkpoint metadata: <c>runes-v1:</c> then the scalar values in hex,
    /// separated by spaces.
    /// </summary>
    public string Serialize() =>
        FormatTag + string.Join(' ', _symbols.Select(r => r.Value.ToString("X", CultureInfo.InvariantCulture)));

    /// <summary>Reads a vocabulary written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The text is not a serialised vocabulary.</exception>
    public static CharVocabulary Parse(string serialized)
    {
        ArgumentNullException.ThrowIfNull(serialized);
        if (!serialized.StartsWith(FormatTag, StringComparison.Ordinal))
            throw new FormatException(
                $"A serialised character vocabulary starts with '{FormatTag}'; this one starts with "
                    + $"'{Truncate(serialized)}'."
            );
        var fields = serialized[FormatTag.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
            throw new FormatException("The serialised character vocabulary has no characters.");
        var symbols = new Rune[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            if (
                !int.TryParse(fields[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value)
                || !Rune.IsValid(value)
            )
                throw new FormatException(
                    $"Entry {i} of the serialised character vocabulary, '{fields[i]}', is not a Unicode scalar value "
                        + $"in hex."
                );
            if (i > 0 && value <= symbols[i - 1].Value)
                throw new FormatException(
                    $"The serialised character vocabulary is not sorted by scalar value at entry {i} ('{fields[i]}')."
                );
            symbols[i] = new Rune(value);
        }
        return new CharVocabulary(symbols);
    }

    /// <summary>A character as a user reads it in an error message, for example <c>'é' (U+00E9)</c>.</summary>
    internal static string Describe(Rune symbol)
    {
        string code = $"U+{symbol.Value:X4}";
        return Rune.IsControl(symbol) || Rune.IsWhiteSpace(symbol) ? code : $"'{symbol}' ({code})";
    }

    private static string Truncate(string s) => s.Length <= 20 ? s : s[..20] + "...";
}
