namespace Recurrent.Datasets;

/// <summary>
/// Random affine distortions of a drawing (scaling each axis, shearing, rotating), the usual augmentation for
/// on-line handwriting: writers differ in slant and proportions far more than a few dozen of them can show, so a
/// reader trained on distorted copies generalises better to hands it has not seen.
/// </summary>
public static class StrokeDistortion
{
    /// <summary>
    /// A copy of <paramref name="drawing"/> with its absolute points mapped by a random affine map: each axis scaled by
    /// up to <paramref name="amount"/> (relative), sheared by up to <paramref name="amount"/> and rotated by up to
    /// <paramref name="amount"/> radians, then normalised again. Label and writer are kept.
    /// </summary>
    public static StrokeSequence Distort(StrokeSequence drawing, float amount, Tensors.RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        float Uniform() => (2 * rng.NextFloat() - 1) * amount;
        float sx = 1 + Uniform(),
            sy = 1 + Uniform(),
            shear = Uniform(),
            angle = Uniform();
        float cos = MathF.Cos(angle),
            sin = MathF.Sin(angle);
        var strokes = drawing
            .ToStrokes()
            .Select(s =>
                (IReadOnlyList<(float X, float Y)>)
                    s.Select(p =>
                        {
                            float x = sx * (p.X + shear * p.Y),
                                y = sy * p.Y;
                            return (cos * x - sin * y, sin * x + cos * y);
                        })
                        .ToList()
            )
            .ToList();
        return StrokeSequence.FromStrokes(strokes, drawing.Label, drawing.Writer) ?? drawing;
    }
}
