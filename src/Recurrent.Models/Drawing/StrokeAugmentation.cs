using Recurrent.Datasets;
using Recurrent.Tensors;

namespace Recurrent.Models.Drawing;

/// <summary>
/// Small random distortions of a training drawing, drawn afresh every time it is used, so that the model sees the
/// same handwriting at slightly other angles and proportions and cannot learn each drawing by heart: a rotation by
/// up to <see cref="MaxRotation"/> radians either way and an independent stretch of width and height by up to
/// <see cref="MaxStretch"/> (a share) either way. Both are linear maps, so applying them to the offsets is exact.
/// </summary>
public sealed record StrokeAugmentation
{
    /// <summary>Creates the distortion; zeros mean none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rotation is outside [0, 0.5] radians or the stretch outside
    /// [0, 0.5].</exception>
    public StrokeAugmentation(double maxRotation, double maxStretch)
    {
        if (!(maxRotation >= 0 && maxRotation <= 0.5))
            throw new ArgumentOutOfRangeException(
                nameof(maxRotation),
                maxRotation,
                "The largest rotation is in radians, from 0 to 0.5."
            );
        if (!(maxStretch >= 0 && maxStretch <= 0.5))
            throw new ArgumentOutOfRangeException(
                nameof(maxStretch),
                maxStretch,
                "The largest stretch is a share of the size, from 0 to 0.5."
            );
        MaxRotation = maxRotation;
        MaxStretch = maxStretch;
    }

    /// <summary>The default of <c>draw train</c>: up to 0.1 rad (6 degrees) and 10%.</summary>
    public static StrokeAugmentation Default { get; } = new(0.1, 0.1);

    /// <summary>The largest rotation either way, in radians.</summary>
    public double MaxRotation { get; }

    /// <summary>The largest stretch of the width or the height either way, as a share.</summary>
    public double MaxStretch { get; }

    /// <summary>Whether it leaves every drawing as it is.</summary>
    public bool IsNone => MaxRotation == 0 && MaxStretch == 0;

    /// <summary>A distorted copy of <paramref name="drawing"/>, drawn from <paramref name="rng"/>.</summary>
    public StrokeSequence Apply(StrokeSequence drawing, RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        ArgumentNullException.ThrowIfNull(rng);
        double angle = MaxRotation * (2 * rng.NextDouble() - 1);
        double sx = 1 + MaxStretch * (2 * rng.NextDouble() - 1),
            sy = 1 + MaxStretch * (2 * rng.NextDouble() - 1);
        float cos = (float)Math.Cos(angle),
            sin = (float)Math.Sin(angle);
        // Stretch, then rotate: [cos -sin; sin cos] diag(sx, sy).
        float a = (float)(cos * sx),
            b = (float)(-sin * sy),
            c = (float)(sin * sx),
            d = (float)(cos * sy);
        var source = drawing.Points;
        var points = new float[source.Length];
        for (int i = 0; i < source.Length; i += 3)
        {
            float dx = source[i],
                dy = source[i + 1];
            points[i] = a * dx + b * dy;
            points[i + 1] = c * dx + d * dy;
            points[i + 2] = source[i + 2];
        }
        return new StrokeSequence(points, drawing.Label, drawing.Writer);
    }
}
