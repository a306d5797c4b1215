using Recurrent.Tensors;

namespace Recurrent.Models.Classification;

/// <summary>
/// Training-time augmentation for image-like series (row-by-row MNIST): moves a series by up to
/// <see cref="MaxShift"/> steps and up to <see cref="MaxShift"/> channels in a random direction, filling with zeros,
/// as a random translation of the image by a few pixels. A univariate series only moves along its steps, since
/// moving its one channel would blank it.
/// </summary>
public sealed class RandomShift
{
    /// <summary>Creates the augmentation.</summary>
    public RandomShift(int maxShift)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShift, 1);
        MaxShift = maxShift;
    }

    /// <summary>The largest move, in steps and in channels.</summary>
    public int MaxShift { get; }

    /// <summary>Moves the <c>[steps, channels]</c> row-major <paramref name="values"/> in place.</summary>
    public void Apply(Span<float> values, int steps, int channels, RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int dt = random.NextInt(2 * MaxShift + 1) - MaxShift;
        int dc = channels > 1 ? random.NextInt(2 * MaxShift + 1) - MaxShift : 0;
        if (dt == 0 && dc == 0)
            return;
        var source = values[..(steps * channels)].ToArray();
        values[..(steps * channels)].Clear();
        for (int t = 0; t < steps; t++)
        {
            int from = t - dt;
            if (from < 0 || from >= steps)
                continue;
            for (int c = 0; c < channels; c++)
            {
                int fromChannel = c - dc;
                if (fromChannel >= 0 && fromChannel < channels)
                    values[t * channels + c] = source[from * channels + fromChannel];
            }
        }
    }
}
