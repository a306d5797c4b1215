using Recurrent.Tensors;

namespace Recurrent.Samples;

/// <summary>One series of any length and its class.</summary>
public sealed record LabelledSeries(float[] Values, int Label)
{
    /// <summary>
    /// A two-class set made up for the samples: noisy sine waves of 20 to 40 steps from a random phase, class 0
    /// slow (a period of 16 steps), class 1 fast (a period of 8), in random order.
    /// </summary>
    public static LabelledSeries[] SineWaves(int count, ulong seed)
    {
        var random = new RandomGenerator(seed);
        var set = new LabelledSeries[count];
        for (int i = 0; i < count; i++)
        {
            int label = random.NextInt(2);
            double period = label == 0 ? 16 : 8;
            double phase = random.NextDouble() * 2 * Math.PI;
            var values = new float[20 + random.NextInt(21)];
            for (int t = 0; t < values.Length; t++)
                values[t] = (float)(Math.Sin(2 * Math.PI * t / period + phase) + 0.3 * random.NextGaussian());
            set[i] = new LabelledSeries(values, label);
        }
        return set;
    }
}
