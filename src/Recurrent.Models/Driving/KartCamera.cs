namespace Recurrent.Models.Driving;

/// <summary>
/// What the network sees: a small grayscale picture of the ground around the kart, drawn from above with the kart
/// fixed at the bottom centre facing up, so that the track turns beneath it. Each pixel averages four samples of
/// the ground; pixels are bytes, 0 black to 255 white, row by row from the top.
/// </summary>
public static class KartCamera
{
    /// <summary>The width and height of the frame in pixels.</summary>
    public const int Size = 32;

    /// <summary>The number of pixels in a frame.</summary>
    public const int PixelCount = Size * Size;

    /// <summary>The ground distance one pixel spans, in metres.</summary>
    public const float MetresPerPixel = 1.25f;

    /// <summary>The row of the kart, counted from the top (so the view reaches 30 m ahead and 10 m behind).</summary>
    public const float KartRow = 24f;

    /// <summary>
    /// Draws the view from the kart of <paramref name="race"/> into <paramref name="frame"/> (<see cref="PixelCount"/>
    /// bytes).
    /// </summary>
    public static void Render(KartRace race, Span<byte> frame)
    {
        ArgumentNullException.ThrowIfNull(race);
        if (frame.Length != PixelCount)
            throw new ArgumentException(
                $"KartCamera.Render: the frame must hold {PixelCount} bytes ({Size}x{Size}); got {frame.Length}.",
                nameof(frame)
            );
        var track = race.Track;
        float cos = MathF.Cos(race.Heading),
            sin = MathF.Sin(race.Heading);
        for (int row = 0; row < Size; row++)
            for (int column = 0; column < Size; column++)
            {
                float sum = 0;
                for (int sy = 0; sy < 2; sy++)
                    for (int sx = 0; sx < 2; sx++)
                    {
                        float forward = (KartRow - (row + 0.25f + 0.5f * sy)) * MetresPerPixel;
                        float right = (column + 0.25f + 0.5f * sx - Size / 2f) * MetresPerPixel;
                        float x = race.X + forward * cos + right * sin, y = race.Y + forward * sin - right * cos;
                        sum += track.Intensity(x, y);
                    }
                frame[row * Size + column] = (byte)MathF.Round(Math.Clamp(sum / 4, 0, 1) * 255);
            }
    }
}
