using System.Text.Json;

namespace Recurrent.Data;

/// <summary>
/// The class labels a classifier knows, each string mapped to an output index. Built from the training set, stored
/// with the model (<see cref="Serialize"/>), and used to map the labels of any other set.
/// </summary>
public sealed class LabelSet
{
    private readonly string[] _labels;
    private readonly Dictionary<string, int> _indexOf;

    /// <summary>A label set with the labels in the given order; duplicates are an error.</summary>
    public LabelSet(IEnumerable<string> labels)
    {
        _labels = labels.ToArray();
        if (_labels.Length == 0)
            throw new ArgumentException("A label set needs at least one label.", nameof(labels));
        _indexOf = new Dictionary<string, int>(_labels.Length, StringComparer.Ordinal);
        for (int i = 0; i < _labels.Length; i++)
            if (!_indexOf.TryAdd(_labels[i], i))
                throw new ArgumentException($"The label '{_labels[i]}' appears twice.", nameof(labels));
    }

    /// <summary>
    /// The labels of a training set: the order the file declares when it declares one, else the order in which the
    /// labels first appear. Declared labels that no case uses are kept, so indices match the file's declaration.
    /// </summary>
    /// <exception cref="InvalidDataException">The training set is empty.</exception>
    public static LabelSet FromTraining(TimeSeriesDataset train)
    {
        if (train.Count == 0)
            throw new InvalidDataException($"{train.Source}: the training set has no cases.");
        return new LabelSet(
            train.DeclaredLabels is { Count: > 0 } declared ? declared : train.Labels.Distinct(StringComparer.Ordinal)
        );
    }

    /// <summary>The number of classes.</summary>
    public int Count => _labels.Length;

    /// <summary>The labels; index i is class i.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The label of class <paramref name="index"/>.</summary>
    public string this[int index] => _labels[index];

    /// <summary>The class index of <paramref name="label"/>.</summary>
    /// <exception cref="KeyNotFoundException">The label was not seen in training.</exception>
    public int IndexOf(string label) =>
        _indexOf.TryGetValue(label, out int index)
            ? index
            : throw new KeyNotFoundException(
                $"The label '{label}' was not seen in training (the model knows {Describe()})."
            );

    /// <summary>The class index of <paramref name="label"/>, if it is known.</summary>
    public bool TryGetIndex(string label, out int index) => _indexOf.TryGetValue(label, out index);

    /// <summary>The labels as a JSON array, for checkpoint metadata.</summary>
    public string Serialize() => JsonSerializer.Serialize(_labels, LabelSetJsonContext.Default.StringArray);

    /// <summary>Reads a label set written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The text is not a JSON array of strings.</exception>
    public static LabelSet Parse(string serialized)
    {
        string[]? labels;
        try
        {
            labels = JsonSerializer.Deserialize(serialized, LabelSetJsonContext.Default.StringArray);
        }
        catch (JsonException e)
        {
            throw new FormatException($"A serialised label set is a JSON array of strings: {e.Message}", e);
        }
        if (labels is null || labels.Length == 0 || labels.Any(l => l is null))
            throw new FormatException("A serialised label set is a non-empty JSON array of strings.");
        return new LabelSet(labels);
    }

    internal string Describe() =>
        Count <= 20
            ? $"{Count} labels: {string.Join(", ", _labels)}"
            : $"{Count} labels: {string.Join(", ", _labels[..20])}, ...";
}
