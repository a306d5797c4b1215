using Recurrent.Data;
using Recurrent.Datasets;

namespace Recurrent.Models.Drawing;

/// <summary>
/// A stroke corpus split for training a drawing model: UNIPEN and the Hershey fonts are split by writer (a font
/// counts as a writer), so validation and test drawings come from hands the model never saw; Omniglot keeps its
/// published train, validation and test files. Only drawings of the corpus's characters are kept.
/// </summary>
/// <param name="Corpus">The corpus.</param>
/// <param name="Train">The training drawings.</param>
/// <param name="Validation">The validation drawings (chooses the best checkpoint).</param>
/// <param name="Test">The test drawings, used for nothing but the final figures.</param>
public sealed record DrawingDataset(
    StrokeCorpus Corpus,
    List<StrokeSequence> Train,
    List<StrokeSequence> Validation,
    List<StrokeSequence> Test
)
{
    /// <summary>
    /// The corpora whose drawings joined the training part besides <see cref="Corpus"/>'s (see
    /// <see cref="WithTrainingDrawings"/>); empty by default.
    /// </summary>
    public IReadOnlyList<StrokeCorpus> AlsoFrom { get; init; } = [];

    /// <summary>
    /// The characters a model of this dataset learns: <see cref="Corpus"/>'s, then those of each corpus of
    /// <see cref="AlsoFrom"/>.
    /// </summary>
    public string Labels => Corpus.Labels + string.Concat(AlsoFrom.Select(c => c.Labels));

    /// <summary>
    /// Loads and splits <paramref name="corpus"/>, whose files are resolved by <paramref name="locator"/>. Each corpus
    /// of <paramref name="alsoFrom"/>, another UNIPEN category, adds its drawings to the training part, except those of
    /// the writers of the validation and test parts (<see cref="WithTrainingDrawings"/>): more hands to learn the pen
    /// from, while the held-out writers stay unseen.
    /// </summary>
    /// <exception cref="ArgumentException">A corpus of <paramref name="alsoFrom"/> is not UNIPEN, is
    /// <paramref name="corpus"/> itself or is given twice, or <paramref name="corpus"/> is not UNIPEN.</exception>
    public static DrawingDataset Load(
        StrokeCorpus corpus,
        DatasetLocator locator,
        float simplify,
        double validationFraction,
        double testFraction,
        ulong seed,
        IReadOnlyList<StrokeCorpus>? alsoFrom = null
    )
    {
        ArgumentNullException.ThrowIfNull(corpus);
        alsoFrom ??= [];
        StrokeCorpus[] unipen = [StrokeCorpus.UnipenDigits, StrokeCorpus.UnipenUpper, StrokeCorpus.UnipenLower];
        if (alsoFrom.Count > 0 && !unipen.Contains(corpus))
            throw new ArgumentException(
                $"Only a UNIPEN dataset takes drawings of other datasets ({corpus.Name} is not one): UNIPEN's "
                    + "categories name their writers alike, which is what keeps the held-out writers unseen."
            );
        string others = string.Join(", ", unipen.Where(c => c != corpus).Select(c => c.Name));
        foreach (var other in alsoFrom)
            if (!unipen.Contains(other) || other == corpus || alsoFrom.Count(c => c == other) > 1)
                throw new ArgumentException(
                    $"{other.Name} cannot add training drawings to {corpus.Name}: give each of the other UNIPEN "
                        + $"datasets at most once ({others})."
                );
        var paths = corpus.Resolve(locator);
        if (corpus == StrokeCorpus.Omniglot)
            return new DrawingDataset(
                corpus,
                OmniglotStrokes.Read(paths[0], simplify),
                OmniglotStrokes.Read(paths[1], simplify),
                OmniglotStrokes.Read(paths[2], simplify)
            );
        var all =
            corpus == StrokeCorpus.Hershey
                ? paths.SelectMany(p => HersheyFont.Read(p, simplify)).ToList()
                : UnipenCharacters.Read(paths[0], simplify);
        var (train, validation, test) = UnipenCharacters.SplitByWriter(
            [.. OfCharacters(all, corpus)],
            validationFraction,
            testFraction,
            seed
        );
        var dataset = new DrawingDataset(corpus, train, validation, test);
        foreach (var other in alsoFrom)
            dataset = dataset.WithTrainingDrawings(other, UnipenCharacters.Read(other.Resolve(locator)[0], simplify));
        return dataset;
    }

    /// <summary>
    /// This split with <paramref name="other"/>'s drawings of its own characters added to the training part, except
    /// those of this split's validation and test writers, so that they stay unseen; <paramref name="other"/> joins
    /// <see cref="AlsoFrom"/> and its characters <see cref="Labels"/>.
    /// </summary>
    public DrawingDataset WithTrainingDrawings(StrokeCorpus other, IEnumerable<StrokeSequence> drawings)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(drawings);
        var heldOut = Validation.Concat(Test).Select(d => d.Writer).ToHashSet(StringComparer.Ordinal);
        var added = OfCharacters(drawings, other).Where(d => !heldOut.Contains(d.Writer));
        return this with { Train = [.. Train, .. added], AlsoFrom = [.. AlsoFrom, other] };
    }

    // The drawings of one of the corpus's characters (a file may hold others, and labels of more than one).
    private static IEnumerable<StrokeSequence> OfCharacters(
        IEnumerable<StrokeSequence> drawings,
        StrokeCorpus corpus
    ) => drawings.Where(d => d.Label.Length == 1 && corpus.Labels.Contains(d.Label[0], StringComparison.Ordinal));

    /// <summary>
    /// Drawings as labelled series for a sequence classifier: per point the position reached (relative to the start),
    /// the offset and the end-of-stroke flag, five channels.
    /// </summary>
    public static TimeSeriesDataset ToSeries(IReadOnlyList<StrokeSequence> drawings, string source)
    {
        ArgumentNullException.ThrowIfNull(drawings);
        var series = new float[drawings.Count][];
        for (int i = 0; i < drawings.Count; i++)
        {
            var p = drawings[i].Points;
            var s = new float[drawings[i].Length * 5];
            float x = 0,
                y = 0;
            for (int t = 0; t < drawings[i].Length; t++)
            {
                x += p[3 * t];
                y += p[3 * t + 1];
                s[5 * t] = x;
                s[5 * t + 1] = y;
                s[5 * t + 2] = p[3 * t];
                s[5 * t + 3] = p[3 * t + 1];
                s[5 * t + 4] = p[3 * t + 2];
            }
            series[i] = s;
        }
        return new TimeSeriesDataset(source, 5, series, drawings.Select(d => d.Label).ToArray(), recordKind: "drawing");
    }
}
