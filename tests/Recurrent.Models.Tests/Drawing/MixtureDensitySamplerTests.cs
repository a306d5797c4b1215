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
    [Fact]
    public void TheDrawingEndsOnlyWithAPenUpAndEachFlagKeepsItsProbability()
    {
        var layout = new MixtureDensityLayout(1, EndOfDrawing: true);
        // One component; a pen-up with probability sigmoid(0.4), an end of the drawing with sigmoid(-0.4).
        float[] row = [0f, 0f, 0f, 0f, 0f, 0f, 0.4f, -0.4f];
        (double PenUp, double End, int EndWithoutPenUp) Rates(double bias)
        {
            var rng = new RandomGenerator(5);
            int penUps = 0,
                ends = 0,
                alone = 0;
            const int Draws = 20_000;
            for (int i = 0; i < Draws; i++)
            {
                var point = MixtureDensitySampler.Sample(row, layout, bias, 1.0, rng);
                penUps += (int)point.EndOfStroke;
                ends += (int)point.EndOfDrawing;
                alone += point.EndOfDrawing == 1f && point.EndOfStroke == 0f ? 1 : 0;
            }
            return (penUps / (double)Draws, ends / (double)Draws, alone);
        }
        var plain = Rates(0);
        Assert.Equal(0, plain.EndWithoutPenUp);
        AssertNear(MixtureDensityLayout.Sigmoid(0.4), plain.PenUp);
        AssertNear(MixtureDensityLayout.Sigmoid(-0.4), plain.End);
        // A bias of 2 sharpens each flag's logit threefold, as it does the mixture weights'.
        var biased = Rates(2);
        Assert.Equal(0, biased.EndWithoutPenUp);
        AssertNear(MixtureDensityLayout.Sigmoid(1.2), biased.PenUp);
        AssertNear(MixtureDensityLayout.Sigmoid(-1.2), biased.End);
    }

    private static void AssertNear(double expected, double rate) =>
        Assert.InRange(rate, expected - 0.01, expected + 0.01);
}
