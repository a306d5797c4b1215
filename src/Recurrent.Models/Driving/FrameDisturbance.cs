using Recurrent.Tensors;

namespace Recurrent.Models.Driving;

/// <summary>
/// Faults of the camera that the expert's recording never showed, for seeing how a controller copes: a frame dropped
/// now and then (the driver is shown the previous frame again, as a video feed that misses a frame does) and sensor
/// noise (Gaussian noise on every pixel, rounded and clamped to 0..255). The expert reads the true geometry, so it
/// is not affected.
/// </summary>
public sealed class FrameDisturbance
{
    /// <summary>Creates a disturbance; both rates zero means none.</summary>
    /// <param name="dropRate">The chance, per step, that the driver is shown the previous frame again.</param>
    /// <param name="noiseLevel">The standard deviation of the noise on each pixel, in grey levels (0 to 255).</param>
    /// <param name="seed">The seed of the faults; each race draws its own from it and the track's seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">The drop rate is outside [0, 1) or the noise level is
    /// negative.</exception>
    public FrameDisturbance(double dropRate = 0, double noiseLevel = 0, ulong seed = 1)
    {
        if (!(dropRate >= 0 && dropRate < 1))
            throw new ArgumentOutOfRangeException(
                nameof(dropRate),
                dropRate,
                "The share of dropped frames must be at least 0 and below 1."
            );
        if (!(noiseLevel >= 0 && noiseLevel <= 255))
            throw new ArgumentOutOfRangeException(
                nameof(noiseLevel),
                noiseLevel,
                "The noise level is in grey levels, from 0 to 255."
            );
        DropRate = dropRate;
        NoiseLevel = noiseLevel;
        Seed = seed;
    }

    /// <summary>No fault: the driver sees every frame as drawn.</summary>
    public static FrameDisturbance None { get; } = new();

    /// <summary>The chance, per step, that the driver is shown the previous frame again.</summary>
    public double DropRate { get; }

    /// <summary>The standard deviation of the noise on each pixel, in grey levels.</summary>
    public double NoiseLevel { get; }

    /// <summary>The seed of the faults.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// Starts the faults of one race on the track of <paramref name="trackSeed"/>: a function from the frame drawn to
    /// the frame the driver is shown (the same buffer each step, valid until the next call).
    /// </summary>
    public Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> Begin(int trackSeed)
    {
        if (DropRate == 0 && NoiseLevel == 0)
            return drawn => drawn;
        var rng = new RandomGenerator(Seed * 0x9E3779B97F4A7C15UL ^ (ulong)trackSeed);
        var shown = new byte[KartCamera.PixelCount];
        bool first = true;
        return drawn =>
        {
            if (!first && rng.NextDouble() < DropRate)
                return shown;
            first = false;
            var pixels = drawn.Span;
            for (int i = 0; i < shown.Length; i++)
            {
                double value = pixels[i] + (NoiseLevel > 0 ? NoiseLevel * rng.NextGaussian() : 0);
                shown[i] = (byte)Math.Clamp(Math.Round(value), 0, 255);
            }
            return shown;
        };
    }
}
