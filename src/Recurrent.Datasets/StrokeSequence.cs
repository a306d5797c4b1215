namespace Recurrent.Datasets;

/// <summary>
/// One pen drawing in the representation of Graves (2013) and sketch-rnn's stroke-3: a sequence of points, each the
/// offset <c>(dx, dy)</c> from the previous point and a flag that is 1 when the pen lifts after it (end of stroke).
/// y grows downward, as on a screen. Every loader normalises each drawing the same way (<see cref="FromStrokes"/>):
/// repeated points dropped, optionally simplified, scaled so that the larger side of its bounding box is 1, and
/// started at its first point (whose own offset, always zero, is not stored).
/// </summary>
public sealed class StrokeSequence
{
    /// <summary>A drawing of <c>points.Length / 3</c> points, <c>(dx, dy, end of stroke)</c> each.</summary>
    /// <exception cref="ArgumentException">The values are not whole points, a value is not finite, or a flag is not 0
    /// or 1.</exception>
    public StrokeSequence(float[] points, string label = "", string writer = "")
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length % 3 != 0)
            throw new ArgumentException(
                $"A stroke sequence holds (dx, dy, end of stroke) triples; got {points.Length} values.",
                nameof(points)
            );
        for (int i = 0; i < points.Length; i++)
        {
            if (!float.IsFinite(points[i]))
                throw new ArgumentException(
                    $"Point {i / 3} of a stroke sequence has a value that is not finite ({points[i]}).",
                    nameof(points)
                );
            if (i % 3 == 2 && points[i] is not (0f or 1f))
                throw new ArgumentException(
                    $"Point {i / 3} of a stroke sequence has end-of-stroke flag {points[i]}; it must be 0 or 1.",
                    nameof(points)
                );
        }
        Points = points;
        Label = label ?? "";
        Writer = writer ?? "";
    }

    /// <summary>The points, <c>(dx, dy, end of stroke)</c> each, row-major <c>[N, 3]</c>.</summary>
    public float[] Points { get; }

    /// <summary>The number of points.</summary>
    public int Length => Points.Length / 3;

    /// <summary>What the drawing shows (a character), or empty when unlabelled.</summary>
    public string Label { get; }

    /// <summary>Who drew it (for a writer-disjoint split), or empty when unknown.</summary>
    public string Writer { get; }

    /// <summary>The number of strokes (pen-down runs).</summary>
    public int StrokeCount
    {
        get
        {
            int count = 0;
            for (int i = 0; i < Length; i++)
                if (Points[3 * i + 2] == 1f || i == Length - 1)
                    count++;
            return count;
        }
    }

    /// <summary>
    /// Normalises a drawing given as strokes of absolute points: y is flipped when <paramref name="yUp"/> (tablet
    /// coordinates), repeated points within a stroke are dropped, each stroke is simplified by Ramer-Douglas-Peucker
    /// with tolerance <paramref name="simplify"/> (a fraction of the larger side; 0 keeps every point), the whole is
    /// scaled so the larger side of its bounding box is 1 and turned into offsets. Returns null when fewer than two
    /// points remain (nothing to draw).
    /// </summary>
    public static StrokeSequence? FromStrokes(
        IReadOnlyList<IReadOnlyList<(float X, float Y)>> strokes,
        string label = "",
        string writer = "",
        bool yUp = false,
        float simplify = 0f
    )
    {
        ArgumentNullException.ThrowIfNull(strokes);
        float minX = float.PositiveInfinity,
            minY = float.PositiveInfinity,
            maxX = float.NegativeInfinity,
            maxY = float.NegativeInfinity;
        foreach (var stroke in strokes)
            foreach (var (x, y) in stroke)
            {
                minX = Math.Min(minX, x);
                maxX = Math.Max(maxX, x);
                minY = Math.Min(minY, y);
                maxY = Math.Max(maxY, y);
            }
        float size = Math.Max(maxX - minX, maxY - minY);
        if (!(size > 0) || !float.IsFinite(size))
            return null;

        var kept = new List<List<(float X, float Y)>>();
        foreach (var stroke in strokes)
        {
            var scaled = new List<(float X, float Y)>();
            foreach (var (x, y) in stroke)
            {
                var p = ((x - minX) / size, (yUp ? maxY - y : y - minY) / size);
                if (scaled.Count == 0 || scaled[^1] != p)
                    scaled.Add(p);
            }
            if (scaled.Count == 0)
                continue;
            kept.Add(simplify > 0 ? StrokeSimplifier.Simplify(scaled, simplify) : scaled);
        }
        var points = new List<float>();
        (float X, float Y) previous = default;
        bool first = true;
        foreach (var stroke in kept)
            for (int i = 0; i < stroke.Count; i++)
            {
                var p = stroke[i];
                if (!first)
                    points.AddRange([p.X - previous.X, p.Y - previous.Y, i == stroke.Count - 1 ? 1f : 0f]);
                else if (stroke.Count == 1)
                    continue;
                first = false;
                previous = p;
            }
        if (points.Count < 3)
            return null;
        points[^1] = 1f;
        return new StrokeSequence([.. points], label, writer);
    }

    /// <summary>
    /// Normalises a drawing given as stroke-3 offsets (the first offset is from an arbitrary origin) the same way as
    /// <see cref="FromStrokes"/>; y grows downward already.
    /// </summary>
    public static StrokeSequence? FromOffsets(
        ReadOnlySpan<float> offsets,
        string label = "",
        string writer = "",
        float simplify = 0f
    )
    {
        if (offsets.Length % 3 != 0)
            throw new ArgumentException(
                $"Stroke-3 offsets come in (dx, dy, pen lift) triples; got {offsets.Length} values.",
                nameof(offsets)
            );
        var strokes = new List<IReadOnlyList<(float X, float Y)>>();
        var current = new List<(float X, float Y)>();
        float x = 0,
            y = 0;
        for (int i = 0; i < offsets.Length; i += 3)
        {
            x += offsets[i];
            y += offsets[i + 1];
            current.Add((x, y));
            if (offsets[i + 2] != 0f)
            {
                strokes.Add(current);
                current = [];
            }
        }
        if (current.Count > 0)
            strokes.Add(current);
        return FromStrokes(strokes, label, writer, yUp: false, simplify);
    }

    /// <summary>The drawing as strokes of absolute points, starting at (0, 0), y downward.</summary>
    public IReadOnlyList<IReadOnlyList<(float X, float Y)>> ToStrokes()
    {
        var strokes = new List<IReadOnlyList<(float X, float Y)>>();
        var current = new List<(float X, float Y)> { (0f, 0f) };
        float x = 0,
            y = 0;
        for (int i = 0; i < Length; i++)
        {
            x += Points[3 * i];
            y += Points[3 * i + 1];
            current.Add((x, y));
            if (Points[3 * i + 2] == 1f)
            {
                strokes.Add(current);
                current = [];
            }
        }
        if (current.Count > 0)
            strokes.Add(current);
        return strokes;
    }
}
