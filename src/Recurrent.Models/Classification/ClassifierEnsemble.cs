using Recurrent.Data;
using Recurrent.IO;
using System.Globalization;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Models.Classification;

/// <summary>
/// Classifiers that vote by averaging their class probabilities, such as the k models of a cross-validated training
/// run (one per fold, each with the scaler of its own training part). One member is the plain single model.
/// </summary>
public sealed class ClassifierEnsemble
{
    private const string FoldPrefix = "fold-";
    private readonly SequenceClassifier[] _members;

    /// <summary>
    /// An ensemble of <paramref name="members"/>, which must know the same labels in the same order and read the same
    /// channels.
    /// </summary>
    /// <exception cref="ArgumentException">There are no members, or they disagree on the labels or the
    /// channels.</exception>
    public ClassifierEnsemble(IEnumerable<SequenceClassifier> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = members.ToArray();
        if (_members.Length == 0)
            throw new ArgumentException("An ensemble needs at least one classifier.", nameof(members));
        foreach (var member in _members)
            if (Mismatch(member.Config, _members[0].Config) is { } problem)
                throw new ArgumentException($"The classifiers of an ensemble must agree: {problem}", nameof(members));
    }

    /// <summary>
    /// The name of fold <paramref name="fold"/>'s directory (1-based) in a cross-validated run's output directory:
    /// <c>fold-1</c>, <c>fold-2</c>, ...
    /// </summary>
    public static string FoldDirectoryName(int fold) => FoldPrefix + fold.ToString(CultureInfo.InvariantCulture);

    /// <summary>The classifiers, in the order they were given.</summary>
    public IReadOnlyList<SequenceClassifier> Members => _members;

    /// <summary>The labels every member knows.</summary>
    public LabelSet Labels => _members[0].Config.Labels;

    /// <summary>
    /// Loads one checkpoint (a file), or every <c>fold-N/best.safetensors</c> of a cross-validated run's directory, in
    /// the order of N.
    /// </summary>
    /// <exception cref="CheckpointFormatException">A file is damaged or not a classifier, or the folds disagree on
    /// labels or channels; the message names the file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the directory holds no fold
    /// checkpoint.</exception>
    public static ClassifierEnsemble Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Directory.Exists(path))
            return new ClassifierEnsemble([SequenceClassifier.Load(path)]);
        var checkpoints = FoldCheckpoints(path);
        if (checkpoints.Count == 0)
            throw new FileNotFoundException(
                $"{path}: the directory holds no fold-N/best.safetensors (the models of a training run with --folds); "
                    + $"pass a checkpoint file instead.",
                path
            );
        var members = checkpoints.Select(SequenceClassifier.Load).ToArray();
        for (int i = 1; i < members.Length; i++)
            if (Mismatch(members[i].Config, members[0].Config) is { } problem)
                throw new CheckpointFormatException(checkpoints[i], $"it does not fit {checkpoints[0]}: {problem}");
        return new ClassifierEnsemble(members);
    }

    /// <summary>
    /// The paths of the fold checkpoints (<c>fold-N/best.safetensors</c>) under <paramref name="directory"/>, in the
    /// order of N.
    /// </summary>
    public static IReadOnlyList<string> FoldCheckpoints(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Directory
            .EnumerateDirectories(directory, FoldPrefix + "*")
            .Select(dir =>
                (
                    Dir: dir,
                    Number: int.TryParse(
                        Path.GetFileName(dir)[FoldPrefix.Length..],
                        NumberStyles.None,
                        CultureInfo.InvariantCulture,
                        out int n
                    )
                        ? n
                        : -1
                )
            )
            .Where(f => f.Number >= 1 && File.Exists(Path.Combine(f.Dir, "best.safetensors")))
            .OrderBy(f => f.Number)
            .Select(f => Path.Combine(f.Dir, "best.safetensors"))
            .ToArray();
    }

    /// <summary>
    /// The mean over the members of their class probabilities <c>[N, K]</c> (row-major) for every series of the raw
    /// (unprepared) <paramref name="data"/>; each member prepares the series with its own scaler and framing.
    /// </summary>
    /// <exception cref="InvalidDataException">The series have another number of channels than the models; the message
    /// names the file and line.</exception>
    public float[] PredictProbabilities(TimeSeriesDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var mean = new float[data.Count * Labels.Count];
        foreach (var member in _members)
            TensorPrimitives.Add(mean, member.PredictProbabilities(ClassifierInput.Prepare(data, member.Config)), mean);
        TensorPrimitives.Multiply(mean, 1f / _members.Length, mean);
        return mean;
    }

    /// <summary>
    /// The class index of highest mean probability for every series of the raw <paramref name="data"/>.
    /// </summary>
    public int[] Predict(TimeSeriesDataset data)
    {
        var probabilities = PredictProbabilities(data);
        int classes = Labels.Count;
        var predicted = new int[data.Count];
        for (int i = 0; i < predicted.Length; i++)
            predicted[i] = TensorPrimitives.IndexOfMax(probabilities.AsSpan(i * classes, classes));
        return predicted;
    }

    /// <summary>
    /// The confusion matrix of the ensemble's predictions on the raw labelled <paramref name="data"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A label is unknown to the models, or the channels differ; the message
    /// names the file and line.</exception>
    public ConfusionMatrix Evaluate(TimeSeriesDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var actual = data.LabelIndices(Labels);
        return new ConfusionMatrix(Labels, actual, Predict(data));
    }

    private static string? Mismatch(SequenceClassifierConfig config, SequenceClassifierConfig reference)
    {
        if (!config.Labels.Labels.SequenceEqual(reference.Labels.Labels, StringComparer.Ordinal))
            return $"the labels [{string.Join(", ", config.Labels.Labels)}] differ from "
                + $"[{string.Join(", ", reference.Labels.Labels)}].";
        return config.Channels != reference.Channels
            ? $"{config.Channels} input channel(s) against {reference.Channels}."
            : null;
    }
}
