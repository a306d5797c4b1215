using Recurrent.Autograd;
using Recurrent.Losses;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Losses;

public class MixtureDensityTests
{
    // Graves (2013) eq. 23-26 written out directly in double: the density as a plain sum, no log-sum-exp. With flags
    // per component, each Gaussian's density is multiplied by its own flags' probability inside the sum.
    private static double[] Reference(double[] p, float[] targets, float[]? mask, int m, bool end, bool perComponent)
    {
        int flagLogits = perComponent ? m : 1;
        int width = 6 * m + flagLogits * (end ? 2 : 1),
            targetWidth = end ? 4 : 3,
            rows = p.Length / width;
        double sum = 0,
            weight = 0;
        for (int r = 0; r < rows; r++)
        {
            double w = mask?[r] ?? 1;
            int o = r * width,
                t = r * targetWidth;
            double x1 = targets[t],
                x2 = targets[t + 1];
            double Flags(int j)
            {
                double e = 1 / (1 + Math.Exp(-p[o + 6 * m + j]));
                double probability = targets[t + 2] == 1 ? e : 1 - e;
                if (end)
                {
                    double q = 1 / (1 + Math.Exp(-p[o + 6 * m + flagLogits + j]));
                    probability *= targets[t + 3] == 1 ? q : 1 - q;
                }
                return probability;
            }
            double normaliser = 0;
            for (int j = 0; j < m; j++)
                normaliser += Math.Exp(p[o + j]);
            double density = 0;
            for (int j = 0; j < m; j++)
            {
                double pi = Math.Exp(p[o + j]) / normaliser;
                double s1 = Math.Exp(p[o + 3 * m + j]),
                    s2 = Math.Exp(p[o + 4 * m + j]),
                    rho = Math.Tanh(p[o + 5 * m + j]);
                double z1 = (x1 - p[o + m + j]) / s1,
                    z2 = (x2 - p[o + 2 * m + j]) / s2;
                double z = z1 * z1 + z2 * z2 - 2 * rho * z1 * z2;
                density +=
                    pi
                    * Math.Exp(-z / (2 * (1 - rho * rho)))
                    / (2 * Math.PI * s1 * s2 * Math.Sqrt(1 - rho * rho))
                    * (perComponent ? Flags(j) : 1);
            }
            double nll = -Math.Log(density) - (perComponent ? 0 : Math.Log(Flags(0)));
            sum += w * nll;
            weight += w;
        }
        return [sum / weight];
    }

    private static float[] Targets(Random rng, int rows, int width)
    {
        var t = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            t[r * width] = (float)(rng.NextDouble() * 2 - 1);
            t[r * width + 1] = (float)(rng.NextDouble() * 2 - 1);
            for (int f = 2; f < width; f++)
                t[r * width + f] = rng.Next(2);
        }
        return t;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void MixtureDensityNegativeLogLikelihoodMatchesCentralDifferences(int mixtures, bool endOfDrawing)
    {
        var rng = RandomFor($"mdn-{mixtures}-{endOfDrawing}");
        int width = 6 * mixtures + (endOfDrawing ? 2 : 1),
            targetWidth = endOfDrawing ? 4 : 3;
        var parameters = RandomInput(rng, [2, 3, width]);
        var targets = Targets(rng, 6, targetWidth);
        Check(
            $"MixtureDensityNegativeLogLikelihood M={mixtures}",
            rng,
            [parameters],
            t => Loss.MixtureDensityNegativeLogLikelihood(t[0], mixtures, targets, endOfDrawing: endOfDrawing),
            x => Reference(x[0], targets, null, mixtures, endOfDrawing, perComponent: false)
        );
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void FlagsPerComponentMatchCentralDifferences(int mixtures, bool endOfDrawing)
    {
        var rng = RandomFor($"mdn-per-component-{mixtures}-{endOfDrawing}");
        var layout = new MixtureDensityLayout(mixtures, endOfDrawing, FlagsPerComponent: true);
        var parameters = RandomInput(rng, [2, 3, layout.Width]);
        var targets = Targets(rng, 6, layout.TargetWidth);
        float[] mask = [1, 0, 1, 1, 1, 1];
        Check(
            $"MixtureDensityNegativeLogLikelihood M={mixtures}, flags per component",
            rng,
            [parameters],
            t => Loss.MixtureDensityNegativeLogLikelihood(t[0], layout, targets, mask),
            x => Reference(x[0], targets, mask, mixtures, endOfDrawing, perComponent: true)
        );
    }

    [Fact]
    public void MaskedMixtureDensityNegativeLogLikelihoodMatchesCentralDifferences()
    {
        var rng = RandomFor("mdn-masked");
        var parameters = RandomInput(rng, [5, 6 * 2 + 2]);
        var targets = Targets(rng, 5, 4);
        float[] mask = [1, 0, 1, 1, 0];
        Check(
            "MixtureDensityNegativeLogLikelihood masked",
            rng,
            [parameters],
            t => Loss.MixtureDensityNegativeLogLikelihood(t[0], 2, targets, mask, endOfDrawing: true),
            x => Reference(x[0], targets, mask, 2, true, perComponent: false)
        );
    }

    [Fact]
    public void ATargetFarFromEveryGaussianGivesAFiniteLossAndGradient()
    {
        // Sharp Gaussians (sigma = e^-6) far from the target: the plain density underflows to 0, the log-sum-exp does
        // not.
        const int m = 2;
        var values = new float[6 * m + 1];
        values[3 * m] = values[3 * m + 1] = values[4 * m] = values[4 * m + 1] = -6f;
        values[5 * m] = 5f;
        var parameters = Tensor.FromArray(values, 1, values.Length);
        parameters.RequiresGrad = true;
        using var tape = new Tape();
        var loss = Loss.MixtureDensityNegativeLogLikelihood(parameters, m, [3f, -2f, 0f]);
        tape.Backward(loss);
        Assert.True(float.IsFinite(loss.Item()) && loss.Item() > 1e5, $"loss {loss.Item()}");
        Assert.All(parameters.Grad!.ToArray(), g => Assert.True(float.IsFinite(g), $"gradient {g}"));
    }

    [Fact]
    public void ParametersOfTheWrongWidthNameTheShape()
    {
        using var parameters = Tensor.Zeros(4, 7);
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Loss.MixtureDensityNegativeLogLikelihood(parameters, 2, new float[12])
        );
        Assert.Contains("[4, 7]", e.Message);
        Assert.Contains("13", e.Message);
    }
}
