namespace Recurrent.Datasets;

/// <summary>
/// Ramer-Douglas-Peucker simplification of one pen stroke, as sketch-rnn applied to its data: a point is kept only
/// where the stroke bends away from the straight line between the points kept around it by more than the tolerance.
/// Tablets sample the pen tens of times per stroke; the simplified stroke keeps its shape with far fewer points.
/// </summary>
public static class StrokeSimplifier
{
    /// <summary>
    /// The points of <paramref name="stroke"/> that stay within <paramref name="tolerance"/> of it; the ends are always
    /// kept.
    /// </summary>
    public static List<(float X, float Y)> Simplify(IReadOnlyList<(float X, float Y)> stroke, float tolerance)
    {
        ArgumentNullException.ThrowIfNull(stroke);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        if (stroke.Count <= 2)
            return [.. stroke];
        var keep = new bool[stroke.Count];
        keep[0] = keep[^1] = true;
        var pending = new Stack<(int From, int To)>();
        pending.Push((0, stroke.Count - 1));
        while (pending.Count > 0)
        {
            var (from, to) = pending.Pop();
            int farthest = -1;
            float worst = tolerance;
            for (int i = from + 1; i < to; i++)
            {
                float d = DistanceToSegment(stroke[i], stroke[from], stroke[to]);
                if (d > worst)
                {
                    worst = d;
                    farthest = i;
                }
            }
            if (farthest < 0)
                continue;
            keep[farthest] = true;
            pending.Push((from, farthest));
            pending.Push((farthest, to));
        }
        var kept = new List<(float X, float Y)>();
        for (int i = 0; i < stroke.Count; i++)
            if (keep[i])
                kept.Add(stroke[i]);
        return kept;
    }

    private static float DistanceToSegment((float X, float Y) p, (float X, float Y) a, (float X, float Y) b)
    {
        float dx = b.X - a.X,
            dy = b.Y - a.Y;
        float lengthSquared = dx * dx + dy * dy;
        float t = lengthSquared > 0 ? Math.Clamp(((p.X - a.X) * dx + (p.Y - a.Y) * dy) / lengthSquared, 0f, 1f) : 0f;
        float ex = p.X - (a.X + t * dx),
            ey = p.Y - (a.Y + t * dy);
        return MathF.Sqrt(ex * ex + ey * ey);
    }
}
