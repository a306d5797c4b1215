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
    /// Loads and splits <paramref name="corpus"/>, whose files are resolved by <paramref name="locator"/>.
    /// </summary>
    public static DrawingDataset Load(
        StrokeCorpus corpus,
        DatasetLocator locator,
        float simplify,
        double validationFraction,
        double testFraction,
        ulong seed
    )
    {
        ArgumentNullException.ThrowIfNull(corpus);
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
        all = all.Where(d => d.Label.Length == 1 && corpus.Labels.Contains(d.Label[0], StringComparison.Ordinal))
            .ToList();
        var (train, validation, test) = UnipenCharacters.SplitByWriter(all, validationFraction, testFraction, seed);
        return new DrawingDataset(corpus, train, validation, test);
    }

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
