using Recurrent.Losses;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Losses;

public class GaussianNegativeLogLikelihoodTests
{
    private static double[] Reference(double[] prediction, float[] targets, float[]? mask)
    {
        double sum = 0,
            weight = 0;
        for (int r = 0; r < targets.Length; r++)
        {
            double m = mask?[r] ?? 1;
            double mu = prediction[2 * r],
                s = prediction[2 * r + 1],
                z = (targets[r] - mu) / Math.Exp(s);
            sum += m * (s + 0.5 * z * z + 0.5 * Math.Log(2 * Math.PI));
            weight += m;
        }
        return [sum / weight];
    }

    [Fact]
    public void GaussianNegativeLogLikelihoodMatchesCentralDifferences()
    {
        var rng = RandomFor("gaussian-nll");
        var prediction = RandomInput(rng, [3, 4, 2]);
        var targets = Enumerable.Range(0, 12).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        Check(
            "GaussianNegativeLogLikelihood",
            rng,
            [prediction],
            t => Loss.GaussianNegativeLogLikelihood(t[0], targets),
            x => Reference(x[0], targets, null)
        );
    }

    [Fact]
    public void MaskedGaussianNegativeLogLikelihoodMatchesCentralDifferences()
    {
        var rng = RandomFor("gaussian-nll-masked");
        var prediction = RandomInput(rng, [5, 2]);
        float[] targets = [0.5f, -1f, 2f, 0f, 1.5f];
        float[] mask = [1, 0, 1, 1, 0];
        Check(
            "GaussianNegativeLogLikelihood masked",
            rng,
            [prediction],
            t => Loss.GaussianNegativeLogLikelihood(t[0], targets, mask),
            x => Reference(x[0], targets, mask)
        );
    }

    [Fact]
    public void PredictionWithoutMeanAndLogStdPairsNamesTheShape()
    {
        using var prediction = Tensor.Zeros(4, 3);
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Loss.GaussianNegativeLogLikelihood(prediction, new float[4])
        );
        Assert.Contains("[4, 3]", e.Message);
    }
}
