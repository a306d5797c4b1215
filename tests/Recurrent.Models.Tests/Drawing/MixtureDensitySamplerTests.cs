using Recurrent.Losses;
using Recurrent.Models.Drawing;
using Recurrent.Tensors;

namespace Recurrent.Tests.Drawing;

public class MixtureDensitySamplerTests
{
    [Fact]
    public void BiasSharpensTheSamples()
    {
        var layout = new MixtureDensityLayout(2);
        // Two components of equal weight at (0, 0) and (1, 1), sigma e^-1.
        float[] row = [0f, 0f, 0f, 1f, 0f, 1f, -1f, -1f, -1f, -1f, 0f, 0f, -2f];
        double Spread(double bias)
        {
            var rng = new RandomGenerator(3);
            double sum = 0;
            for (int i = 0; i < 4000; i++)
            {
                var point = MixtureDensitySampler.Sample(row, layout, bias, 1.0, rng);
                double nearest = Math.Min(
                    point.Dx * point.Dx + point.Dy * point.Dy,
                    (point.Dx - 1) * (point.Dx - 1) + (point.Dy - 1) * (point.Dy - 1)
                );
                sum += nearest;
            }
            return sum / 4000;
        }
        double plain = Spread(0),
            biased = Spread(2);
        // The mean squared distance to the nearest mean is 2 sigma^2: e^-2 without bias, e^-6 with b = 2.
        Assert.InRange(plain, 2 * Math.Exp(-2) * 0.9, 2 * Math.Exp(-2) * 1.1);
        Assert.InRange(biased, 2 * Math.Exp(-6) * 0.9, 2 * Math.Exp(-6) * 1.1);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            MixtureDensitySampler.Sample(row, layout, -1, 1.0, new RandomGenerator(1))
        );
    }
}
