using Recurrent.Tensors;

namespace Recurrent.Models.Driving;

/// <summary>
/// A closed race track made from a seed: a wobbly loop (a circle whose radius varies with a few random harmonics,
/// stretched, run clockwise or counter-clockwise) sampled as a centre line of points about a metre apart, with a
/// fixed width. It also paints the ground (asphalt, striped kerbs, a dashed centre line, the start line and checkered
/// grass) into a raster, which is what the kart's camera sees.
/// </summary>
public sealed class RaceTrack
{
    /// <summary>The width of the asphalt in metres.</summary>
    public const float Width = 10f;

    /// <summary>
    /// The number of checkpoints, evenly spaced along the centre line; checkpoint 0 is the start and finish line.
    /// </summary>
    public const int CheckpointCount = 8;

    private const float CellSize = 0.5f;
    private const float KerbWidth = 0.75f;
    private const float MinimumCornerRadius = 13f;
    private const float GrassIntensity = -1f;
    private readonly float[] _ground;
    private readonly float _originX,
        _originY;
    private readonly int _columns,
        _rows;

    private RaceTrack(int seed, float[] x, float[] y)
    {
        Seed = seed;
        X = x;
        Y = y;
        int n = x.Length;
        Length = 0;
        for (int i = 0; i < n; i++)
            Length += MathF.Sqrt(Square(x[(i + 1) % n] - x[i]) + Square(y[(i + 1) % n] - y[i]));
        Spacing = Length / n;
        Heading = new float[n];
        for (int i = 0; i < n; i++)
            Heading[i] = MathF.Atan2(y[(i + 1) % n] - y[(i + n - 1) % n], x[(i + 1) % n] - x[(i + n - 1) % n]);
        // Over seven points, so that metre-scale rounding of the centre line does not read as sharp corners.
        const int span = 3;
        Curvature = new float[n];
        for (int i = 0; i < n; i++)
            Curvature[i] = WrapAngle(Heading[(i + span) % n] - Heading[(i + n - span) % n]) / (2 * span * Spacing);

        float margin = Width / 2 + 2;
        _originX = x.Min() - margin;
        _originY = y.Min() - margin;
        _columns = (int)MathF.Ceiling((x.Max() + margin - _originX) / CellSize);
        _rows = (int)MathF.Ceiling((y.Max() + margin - _originY) / CellSize);
        _ground = PaintGround();
    }

    /// <summary>The seed the track was made from.</summary>
    public int Seed { get; }

    /// <summary>The x coordinates of the centre line, in driving order, in metres.</summary>
    public float[] X { get; }

    /// <summary>The y coordinates of the centre line.</summary>
    public float[] Y { get; }

    /// <summary>The direction of travel at each centre-line point, in radians.</summary>
    public float[] Heading { get; }

    /// <summary>The signed curvature (1/m, positive turning left) at each centre-line point.</summary>
    public float[] Curvature { get; }

    /// <summary>The number of centre-line points.</summary>
    public int Count => X.Length;

    /// <summary>The length of the centre line in metres.</summary>
    public float Length { get; }

    /// <summary>The distance between consecutive centre-line points.</summary>
    public float Spacing { get; }

    /// <summary>The centre-line index of checkpoint <paramref name="k"/>.</summary>
    public int CheckpointIndex(int k) => k * Count / CheckpointCount;

    /// <summary>
    /// Makes the track of <paramref name="seed"/>. The same seed always gives the same track; the harmonics are
    /// scaled down until no corner is tighter than 13 m, so the asphalt never overlaps itself.
    /// </summary>
    public static RaceTrack Generate(int seed)
    {
        var rng = new RandomGenerator(0x7AC3_0000_0000UL ^ (ulong)(uint)seed * 0x9E37_79B9_7F4A_7C15UL);
        float radius = 50 + 25 * rng.NextFloat();
        float stretch = 0.75f + 0.5f * rng.NextFloat();
        bool clockwise = rng.NextFloat() < 0.5f;
        const int harmonics = 4;
        var amplitude = new float[harmonics];
        var phase = new float[harmonics];
        for (int k = 0; k < harmonics; k++)
        {
            amplitude[k] = (0.05f + 0.2f * rng.NextFloat()) / (1 + 0.5f * k);
            phase[k] = 2 * MathF.PI * rng.NextFloat();
        }

        const int fine = 4096;
        var px = new float[fine];
        var py = new float[fine];
        for (float scale = 1f; ; scale *= 0.85f)
        {
            for (int i = 0; i < fine; i++)
            {
                float phi = 2 * MathF.PI * i / fine * (clockwise ? -1 : 1);
                float r = 1;
                for (int k = 0; k < harmonics; k++)
                    r += scale * amplitude[k] * MathF.Cos((k + 2) * phi + phase[k]);
                px[i] = radius * r * MathF.Cos(phi) * stretch;
                py[i] = radius * r * MathF.Sin(phi) / stretch;
            }
            if (TightestRadius(px, py) >= MinimumCornerRadius || scale < 0.05f)
                break;
        }
        var (x, y) = Resample(px, py, spacing: 1f);
        return new RaceTrack(seed, x, y);
    }

    /// <summary>
    /// The centre-line point nearest to (<paramref name="x"/>, <paramref name="y"/>) and the signed distance from the
    /// centre line (positive to the left of the direction of travel).
    /// </summary>
    public (int Index, float Lateral) Nearest(float x, float y)
    {
        int best = 0;
        float bestDistance = float.MaxValue;
        var xs = X;
        var ys = Y;
        for (int i = 0; i < xs.Length; i++)
        {
            float d = Square(xs[i] - x) + Square(ys[i] - y);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = i;
            }
        }
        float h = Heading[best];
        return (best, -MathF.Sin(h) * (x - xs[best]) + MathF.Cos(h) * (y - ys[best]));
    }

    /// <summary>The brightness of the ground at a world point, 0 (black) to 1 (white).</summary>
    public float Intensity(float x, float y)
    {
        int column = (int)MathF.Floor((x - _originX) / CellSize);
        int row = (int)MathF.Floor((y - _originY) / CellSize);
        float painted =
            (uint)column < (uint)_columns && (uint)row < (uint)_rows
                ? _ground[row * _columns + column]
                : GrassIntensity;
        if (painted >= 0)
            return painted;
        // Grass in 4 m squares, so that the camera sees the ground move even away from the track.
        bool dark = (((int)MathF.Floor(x / 4) + (int)MathF.Floor(y / 4)) & 1) == 0;
        return dark ? 0.18f : 0.28f;
    }

    /// <summary>Whether the point is on the asphalt (kerbs included).</summary>
    public static bool IsOnTrack(float lateral) => MathF.Abs(lateral) <= Width / 2;

    private float[] PaintGround()
    {
        var distance = new float[_columns * _rows];
        var along = new float[_columns * _rows];
        Array.Fill(distance, float.MaxValue);
        float reach = Width / 2 + 1;
        int n = Count;
        for (int i = 0; i < n; i++)
        {
            float ax = X[i],
                ay = Y[i],
                bx = X[(i + 1) % n],
                by = Y[(i + 1) % n];
            float ex = bx - ax,
                ey = by - ay,
                lengthSquared = ex * ex + ey * ey;
            int c0 = Math.Max(0, (int)((MathF.Min(ax, bx) - reach - _originX) / CellSize));
            int c1 = Math.Min(_columns - 1, (int)((MathF.Max(ax, bx) + reach - _originX) / CellSize));
            int r0 = Math.Max(0, (int)((MathF.Min(ay, by) - reach - _originY) / CellSize));
            int r1 = Math.Min(_rows - 1, (int)((MathF.Max(ay, by) + reach - _originY) / CellSize));
            for (int r = r0; r <= r1; r++)
                for (int c = c0; c <= c1; c++)
                {
                    float cx = _originX + (c + 0.5f) * CellSize,
                        cy = _originY + (r + 0.5f) * CellSize;
                    float t = Math.Clamp(((cx - ax) * ex + (cy - ay) * ey) / lengthSquared, 0, 1);
                    float d = MathF.Sqrt(Square(cx - ax - t * ex) + Square(cy - ay - t * ey));
                    int cell = r * _columns + c;
                    if (d < distance[cell])
                    {
                        distance[cell] = d;
                        along[cell] = (i + t) * Spacing;
                    }
                }
        }

        var ground = new float[_columns * _rows];
        for (int cell = 0; cell < ground.Length; cell++)
        {
            float d = distance[cell],
                s = along[cell];
            ground[cell] =
                d > Width / 2 ? GrassIntensity
                : d > Width / 2 - KerbWidth ? ((int)(s / 3) % 2 == 0 ? 0.95f : 0.4f)
                : s < 1f ? 1f
                : d < 0.4f && s % 6 < 3 ? 0.8f
                : 0.5f;
        }
        return ground;
    }

    private static float TightestRadius(float[] x, float[] y)
    {
        int n = x.Length;
        float tightest = float.MaxValue;
        // Over a span of several points, so that the estimate is not dominated by rounding.
        const int span = 8;
        for (int i = 0; i < n; i++)
        {
            int a = (i + n - span) % n,
                b = (i + span) % n;
            float h0 = MathF.Atan2(y[i] - y[a], x[i] - x[a]);
            float h1 = MathF.Atan2(y[b] - y[i], x[b] - x[i]);
            float arc = MathF.Sqrt(Square(x[b] - x[a]) + Square(y[b] - y[a]));
            float turn = MathF.Abs(WrapAngle(h1 - h0));
            if (turn > 1e-6f)
                tightest = MathF.Min(tightest, arc / turn);
        }
        return tightest;
    }

    private static (float[] X, float[] Y) Resample(float[] px, float[] py, float spacing)
    {
        int n = px.Length;
        var cumulative = new double[n + 1];
        for (int i = 0; i < n; i++)
            cumulative[i + 1] =
                cumulative[i] + Math.Sqrt(Square(px[(i + 1) % n] - px[i]) + Square(py[(i + 1) % n] - py[i]));
        int count = Math.Max(16, (int)Math.Round(cumulative[n] / spacing));
        var x = new float[count];
        var y = new float[count];
        int segment = 0;
        for (int j = 0; j < count; j++)
        {
            double s = cumulative[n] * j / count;
            while (cumulative[segment + 1] < s)
                segment++;
            float t = (float)(
                (s - cumulative[segment]) / Math.Max(cumulative[segment + 1] - cumulative[segment], 1e-9)
            );
            x[j] = px[segment] + t * (px[(segment + 1) % n] - px[segment]);
            y[j] = py[segment] + t * (py[(segment + 1) % n] - py[segment]);
        }
        return (x, y);
    }

    /// <summary>The angle brought into (-pi, pi].</summary>
    public static float WrapAngle(float angle)
    {
        while (angle > MathF.PI)
            angle -= 2 * MathF.PI;
        while (angle <= -MathF.PI)
            angle += 2 * MathF.PI;
        return angle;
    }

    private static float Square(float v) => v * v;
}
