using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// Reads the flattened UNIPEN isolated-character files of a data directory's <c>unipen-chars/</c> (one sample per line:
/// <c>contributor \t writer \t file \t quality \t label \t strokes</c>, strokes separated by <c>;</c>, points by a
/// space, each point <c>x,y</c> in tablet units with y upward) into normalised <see cref="StrokeSequence"/>s, and
/// splits them by writer so that no writer's hand is on both sides.
/// </summary>
public static class UnipenCharacters
{
    /// <summary>
    /// Every sample of <paramref name="path"/> (plain or gzip), normalised by <see cref="StrokeSequence.FromStrokes"/>
    /// with <paramref name="simplify"/>. A sample's writer is <c>contributor/writer_id</c> (ids are only unique
    /// within a contributor). Samples that leave fewer than two points are skipped.
    /// </summary>
    /// <exception cref="DataFormatException">A line is malformed; the message names the file, line and
    /// column.</exception>
    public static List<StrokeSequence> Read(string path, float simplify = 0f)
    {
        var lines = StrokeTextFile.ReadLines(path);
        var samples = new List<StrokeSequence>();
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            if (line.Length == 0)
                continue;
            var fields = line.Split('\t');
            if (fields.Length != 6)
                throw new DataFormatException(
                    path,
                    n + 1,
                    1,
                    $"expected 6 tab-separated fields (contributor, writer, file, quality, label, strokes); found "
                        + $"{fields.Length}."
                );
            int column = line.Length - fields[5].Length + 1;
            var strokes = new List<IReadOnlyList<(float X, float Y)>>();
            foreach (var stroke in fields[5].Split(';'))
            {
                var points = new List<(float X, float Y)>();
                foreach (var point in stroke.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    int comma = point.IndexOf(',');
                    if (
                        comma < 0
                        || !float.TryParse(
                            point.AsSpan(0, comma),
                            NumberStyles.Float,
                            CultureInfo.InvariantCulture,
                            out float x
                        )
                        || !float.TryParse(
                            point.AsSpan(comma + 1),
                            NumberStyles.Float,
                            CultureInfo.InvariantCulture,
                            out float y
                        )
                        || !float.IsFinite(x)
                        || !float.IsFinite(y)
                    )
                        throw new DataFormatException(
                            path,
                            n + 1,
                            column,
                            $"the point '{point}' is not 'x,y' with two numbers."
                        );
                    points.Add((x, y));
                }
                if (points.Count > 0)
                    strokes.Add(points);
            }
            if (fields[4].Length == 0)
                throw new DataFormatException(path, n + 1, 1, "the label field is empty.");
            var sample = StrokeSequence.FromStrokes(
                strokes,
                fields[4],
                $"{fields[0]}/{fields[1]}",
                yUp: true,
                simplify
            );
            if (sample is not null)
                samples.Add(sample);
        }
        if (samples.Count == 0)
            throw new DataFormatException(path, 1, 1, "the file holds no drawable sample.");
        return samples;
    }

    /// <summary>
    /// Splits <paramref name="samples"/> by writer: the writers, shuffled by <paramref name="seed"/>, are dealt to the
    /// held-out parts until each holds its fraction of the samples; the rest are for training. No writer appears in two
    /// parts.
    /// </summary>
    /// <exception cref="ArgumentException">The fractions are negative or leave nothing to train on.</exception>
    public static (
        List<StrokeSequence> Train,
        List<StrokeSequence> Validation,
        List<StrokeSequence> Test
    ) SplitByWriter(IReadOnlyList<StrokeSequence> samples, double validationFraction, double testFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1)
            throw new ArgumentException(
                $"The validation and test fractions must be 0 or more and sum to less than 1; got {validationFraction} "
                    + $"and {testFraction}."
            );
        var byWriter = samples.GroupBy(s => s.Writer).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var rng = new Tensors.RandomGenerator(seed);
        for (int i = byWriter.Count - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (byWriter[i], byWriter[j]) = (byWriter[j], byWriter[i]);
        }
        var train = new List<StrokeSequence>();
        var validation = new List<StrokeSequence>();
        var test = new List<StrokeSequence>();
        double total = samples.Count;
        foreach (var writer in byWriter)
        {
            var part =
                test.Count < testFraction * total ? test
                : validation.Count < validationFraction * total ? validation
                : train;
            part.AddRange(writer);
        }
        if (train.Count == 0)
            throw new ArgumentException(
                $"The writer split left no training samples ({byWriter.Count} writers); lower the held-out fractions."
            );
        return (train, validation, test);
    }
}
