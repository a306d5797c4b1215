using System.Globalization;

namespace Recurrent.IO;

/// <summary>
/// Reads the string metadata of a checkpoint (its architecture and configuration), with one message for a missing
/// key and one for each kind of malformed value, so that every model's loader reports bad files the same way.
/// </summary>
public sealed class CheckpointMetadata
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly string _modelDescription;
    private readonly Func<string, Exception> _error;

    /// <summary>
    /// Reads <paramref name="values"/>, the metadata of a <paramref name="modelDescription"/> checkpoint (for example
    /// "sequence classifier"); problems are <see cref="FormatException"/>s whose message names the key.
    /// </summary>
    public CheckpointMetadata(IReadOnlyDictionary<string, string> values, string modelDescription)
        : this(values, modelDescription, message => new FormatException(message)) { }

    private CheckpointMetadata(
        IReadOnlyDictionary<string, string> values,
        string modelDescription,
        Func<string, Exception> error
    )
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
        _modelDescription = modelDescription;
        _error = error;
    }

    /// <summary>
    /// Rebuilds a model's configuration from the metadata of <paramref name="file"/> with
    /// <paramref name="fromMetadata"/> (an <c>XConfig.FromMetadata</c>, which reports a missing or malformed key as a
    /// <see cref="FormatException"/>); such a problem becomes a <see cref="CheckpointFormatException"/> that names the
    /// file. Every application's <c>Load</c> reads its configuration this way.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The metadata does not describe such a configuration.</exception>
    public static TConfig Read<TConfig>(
        SafeTensorsFile file,
        Func<IReadOnlyDictionary<string, string>, TConfig> fromMetadata
    )
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(fromMetadata);
        try
        {
            return fromMetadata(file.Metadata);
        }
        catch (FormatException e)
        {
            throw new CheckpointFormatException(file.FilePath, e.Message, e);
        }
    }

    /// <summary>
    /// Reads the metadata of <paramref name="file"/>, a <paramref name="modelDescription"/> checkpoint; problems are
    /// <see cref="CheckpointFormatException"/>s that name the file and the key.
    /// </summary>
    public static CheckpointMetadata Of(SafeTensorsFile file, string modelDescription)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new CheckpointMetadata(file.Metadata, modelDescription, message => new CheckpointFormatException(
            file.FilePath,
            message
        ));
    }

    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <exception cref="FormatException">The key is missing (a <see cref="CheckpointFormatException"/> when read with
    /// <see cref="Of"/>).</exception>
    public string Text(string key) =>
        _values.TryGetValue(key, out var value)
            ? value
            : throw _error($"the metadata key '{key}' is missing; this is not a {_modelDescription} checkpoint.");

    /// <summary>
    /// <paramref name="read"/> of <paramref name="key"/> (one of this reader's methods), or <paramref name="absent"/>
    /// when the key is not there: a setting added after checkpoints were first written, which older ones lack and read
    /// as the value they were trained with.
    /// </summary>
    /// <exception cref="FormatException">The key is there and <paramref name="read"/> finds it malformed.</exception>
    public T Optional<T>(string key, Func<string, T> read, T absent)
    {
        ArgumentNullException.ThrowIfNull(read);
        return _values.ContainsKey(key) ? read(key) : absent;
    }

    /// <summary>The value of <paramref name="key"/> as a whole number of at least <paramref name="minimum"/>.</summary>
    /// <exception cref="FormatException">The key is missing or is not such a number (a
    /// <see cref="CheckpointFormatException"/> when read with <see cref="Of"/>).</exception>
    public int WholeNumber(string key, int minimum = 1)
    {
        string text = Text(key);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= minimum)
            return value;
        string expected = minimum == 1 ? "a positive whole number" : $"a whole number of at least {minimum}";
        throw _error($"the metadata key '{key}' is '{text}', not {expected}.");
    }

    /// <summary>The value of <paramref name="key"/> as a finite real number.</summary>
    /// <exception cref="FormatException">The key is missing or is not such a number (a
    /// <see cref="CheckpointFormatException"/> when read with <see cref="Of"/>).</exception>
    public double RealNumber(string key)
    {
        string text = Text(key);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && double.IsFinite(value)
            ? value
            : throw _error($"the metadata key '{key}' is '{text}', not a number.");
    }

    /// <summary>The value of <paramref name="key"/> as a probability in [0, 1), such as a dropout rate.</summary>
    /// <exception cref="FormatException">The key is missing or is not such a number (a
    /// <see cref="CheckpointFormatException"/> when read with <see cref="Of"/>).</exception>
    public float Probability(string key)
    {
        string text = Text(key);
        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            && value is >= 0f and < 1f
            ? value
            : throw _error($"the metadata key '{key}' is '{text}', not a probability in [0, 1).");
    }

    /// <summary>The value of <paramref name="key"/> as true or false.</summary>
    /// <exception cref="FormatException">The key is missing or is neither (a <see cref="CheckpointFormatException"/>
    /// when read with <see cref="Of"/>).</exception>
    public bool Flag(string key)
    {
        string text = Text(key);
        return bool.TryParse(text, out bool value)
            ? value
            : throw _error($"the metadata key '{key}' is '{text}', not true or false.");
    }
}
