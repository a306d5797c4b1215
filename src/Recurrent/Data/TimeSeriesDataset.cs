namespace Recurrent.Data;

/// <summary>
/// Labelled series for classification: case i is a <c>[T_i, C]</c> row-major array (step t, channel c at
/// <c>t * C + c</c>) with a string class label. Every case remembers where it came from, so errors about it can name
/// the file and line.
/// </summary>
public sealed class TimeSeriesDataset
{
    private readonly float[][] _series;
    private readonly string[] _labels;
    private readonly int[] _sourceLines;
    private readonly string[]? _caseNames;

    /// <summary>Wraps series and labels without copying them.</summary>
    /// <param name="source">The file the cases came from (used in messages).</param>
    /// <param name="channels">C, the number of values per step.</param>
    /// <param name="series">The cases, each <c>[T_i, C]</c> row-major, T_i at least 1.</param>
    /// <param name="labels">The class label of each case.</param>
    /// <param name="sourceLines">The line (or record number, counted from 1) of each case in <paramref name="source"/>;
    /// null means case i is record i + 1.</param>
    /// <param name="declaredLabels">The class labels the file declares, in its order, or null.</param>
    /// <param name="recordKind">What <paramref name="sourceLines"/> count, for messages: "line", "image",
    /// "record", "file".</param>
    /// <param name="caseNames">Where each case is when it is not a line of <paramref name="source"/> (the path of its
    /// own file, for a folder of files), used in messages instead; null for the cases of one file.</param>
    public TimeSeriesDataset(
        string source,
        int channels,
        float[][] series,
        string[] labels,
        int[]? sourceLines = null,
        IReadOnlyList<string>? declaredLabels = null,
        string recordKind = "line",
        string[]? caseNames = null
    )
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (labels.Length != series.Length)
            throw new ArgumentException($"{source}: {series.Length} series but {labels.Length} labels.");
        _sourceLines = sourceLines ?? Enumerable.Range(1, series.Length).ToArray();
        if (_sourceLines.Length != series.Length)
            throw new ArgumentException($"{source}: {series.Length} series but {_sourceLines.Length} source lines.");
        for (int i = 0; i < series.Length; i++)
        {
            if (series[i].Length == 0 || series[i].Length % channels != 0)
                throw new ArgumentException(
                    $"{source}, {recordKind} {_sourceLines[i]}: a series of {series[i].Length} values is not a whole "
                        + $"number (at least 1) of steps of {channels} channels."
                );
        }
        if (caseNames is not null && caseNames.Length != series.Length)
            throw new ArgumentException($"{source}: {series.Length} series but {caseNames.Length} case names.");
        Source = source;
        Channels = channels;
        _series = series;
        _labels = labels;
        DeclaredLabels = declaredLabels;
        RecordKind = recordKind;
        _caseNames = caseNames;
    }

    /// <summary>The file the cases came from.</summary>
    public string Source { get; }

    /// <summary>C, the number of values per step.</summary>
    public int Channels { get; }

    /// <summary>The number of cases.</summary>
    public int Count => _series.Length;

    /// <summary>The cases, each <c>[T_i, C]</c> row-major.</summary>
    public IReadOnlyList<float[]> Series => _series;

    /// <summary>The class label of each case.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The labels declared by the file (for example by <c>@classLabel</c>), in its order, or null.</summary>
    public IReadOnlyList<string>? DeclaredLabels { get; }

    /// <summary>What a source line counts, in messages ("line" for text files, "image" for IDX).</summary>
    public string RecordKind { get; }

    /// <summary>T_i, the number of steps of case <paramref name="index"/>.</summary>
    public int Length(int index) => _series[index].Length / Channels;

    /// <summary>The shortest series' number of steps.</summary>
    public int MinLength => Count == 0 ? 0 : Enumerable.Range(0, Count).Min(Length);

    /// <summary>The longest series' number of steps.</summary>
    public int MaxLength => Count == 0 ? 0 : Enumerable.Range(0, Count).Max(Length);

    /// <summary>
    /// Where case <paramref name="index"/> came from, for example <c>X_TEST.ts, line 12</c>, or its
    /// <see cref="CaseName"/> when it has one (<c>train/walking/003.csv</c>).
    /// </summary>
    public string Locate(int index) => _caseNames?[index] ?? $"{Source}, {RecordKind} {_sourceLines[index]}";

    /// <summary>
    /// The name of case <paramref name="index"/> when it is not a line of <see cref="Source"/> (the path of its own
    /// file), else null.
    /// </summary>
    public string? CaseName(int index) => _caseNames?[index];

    /// <summary>The line (or record number) of case <paramref name="index"/> in <see cref="Source"/>.</summary>
    public int SourceLine(int index) => _sourceLines[index];

    /// <summary>The label index of every case.</summary>
    /// <exception cref="InvalidDataException">A label is not in <paramref name="labels"/>; the message names the file
    /// and line.</exception>
    public int[] LabelIndices(LabelSet labels)
    {
        var indices = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            if (!labels.TryGetIndex(_labels[i], out indices[i]))
                throw new InvalidDataException(
                    $"{Locate(i)}: the label '{_labels[i]}' was not seen in training (the model knows "
                        + $"{labels.Describe()})."
                );
        }
        return indices;
    }

    /// <summary>
    /// Checks that the cases have <paramref name="expected"/> channels, the number a model was trained on.
    /// </summary>
    /// <exception cref="InvalidDataException">They have another number; the message names the file and the first case's
    /// line.</exception>
    public void EnsureChannels(int expected)
    {
        if (Channels != expected && Count > 0)
            throw new InvalidDataException(
                $"{Locate(0)}: the series have {Channels} channel(s), but the model expects {expected}."
            );
    }

    /// <summary>The cases at <paramref name="indices"/>, in that order, sharing the arrays of this dataset.</summary>
    public TimeSeriesDataset Select(IEnumerable<int> indices)
    {
        var chosen = indices.ToArray();
        return new TimeSeriesDataset(
            Source,
            Channels,
            Array.ConvertAll(chosen, i => _series[i]),
            Array.ConvertAll(chosen, i => _labels[i]),
            Array.ConvertAll(chosen, i => _sourceLines[i]),
            DeclaredLabels,
            RecordKind,
            _caseNames is null ? null : Array.ConvertAll(chosen, i => _caseNames[i])
        );
    }

    /// <summary>
    /// A random split into a training and a validation part, <paramref name="validationFraction"/> of the cases
    /// (at least one) going to validation, both keeping the original order.
    /// </summary>
    public (TimeSeriesDataset Train, TimeSeriesDataset Validation) Split(
        double validationFraction,
        Tensors.RandomGenerator random
    )
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(
                nameof(validationFraction),
                $"The validation fraction must be in (0, 1); it is {validationFraction}."
            );
        if (Count < 2)
            throw new InvalidOperationException(
                $"{Source}: {Count} case(s) cannot be split into training and validation."
            );
        var order = Enumerable.Range(0, Count).ToArray();
        Shuffling.Shuffle(order, random);
        int validation = Math.Clamp((int)Math.Round(Count * validationFraction), 1, Count - 1);
        var held = order[..validation];
        Array.Sort(held);
        var kept = order[validation..];
        Array.Sort(kept);
        return (Select(kept), Select(held));
    }

    /// <summary>
    /// A copy in which <paramref name="transformInPlace"/> has changed the values of every case (each <c>[T_i, C]</c>
    /// row-major, a copy of this dataset's array), for example a scaler fitted on the training set.
    /// </summary>
    public TimeSeriesDataset Transform(Action<Span<float>> transformInPlace)
    {
        ArgumentNullException.ThrowIfNull(transformInPlace);
        var transformed = Array.ConvertAll(_series, s =>
        {
            var copy = (float[])s.Clone();
            transformInPlace(copy);
            return copy;
        });
        return new TimeSeriesDataset(
            Source,
            Channels,
            transformed,
            _labels,
            _sourceLines,
            DeclaredLabels,
            RecordKind,
            _caseNames
        );
    }

    /// <summary>
    /// A copy in which every missing value (NaN) is <paramref name="value"/>, 0 being the mean once standardised.
    /// </summary>
    public TimeSeriesDataset WithMissingFilled(float value = 0f) =>
        Transform(values =>
        {
            foreach (ref float x in values)
                if (float.IsNaN(x))
                    x = value;
        });
}
