using Recurrent.Autograd;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class BatchNormTests
{
    private const double Epsilon = 1e-5;

    // Per channel: the biased mean and variance over the valid steps (training), or the given ones (evaluation), then
    // (x - mean) / sqrt(var + eps) * w + b at valid steps and zero past them.
    private static double[] Reference(
        double[] x,
        double[] w,
        double[] b,
        int[] lengths,
        int time,
        int channels,
        double[]? fixedMean = null,
        double[]? fixedVariance = null
    )
    {
        var y = new double[x.Length];
        for (int c = 0; c < channels; c++)
        {
            var values = new List<double>();
            for (int s = 0; s < lengths.Length; s++)
                for (int t = 0; t < lengths[s]; t++)
                    values.Add(x[(s * time + t) * channels + c]);
            double mean = fixedMean?[c] ?? values.Average();
            double variance = fixedVariance?[c] ?? values.Average(v => (v - mean) * (v - mean));
            for (int s = 0; s < lengths.Length; s++)
                for (int t = 0; t < lengths[s]; t++)
                {
                    int i = (s * time + t) * channels + c;
                    y[i] = (x[i] - mean) / Math.Sqrt(variance + Epsilon) * w[c] + b[c];
                }
        }
        return y;
    }

    [Fact]
    public void TrainingMatchesCentralDifferencesWithUnequalLengths()
    {
        var rng = RandomFor("batch-norm-training");
        int time = 5,
            channels = 3;
        int[] lengths = [5, 2, 3, 1];
        var x = RandomInput(rng, [lengths.Length, time, channels], -2, 2);
        var w = RandomInput(rng, [channels], 0.5, 1.5);
        var b = RandomInput(rng, [channels]);
        Check(
            "BatchNorm",
            rng,
            [x, w, b],
            t => Ops.BatchNorm(t[0], lengths, null, null, t[1], t[2], training: true),
            v => Reference(v[0], v[1], v[2], lengths, time, channels),
            tolerance: 2e-3
        );
    }

    [Fact]
    public void EvaluationMatchesCentralDifferencesWithRunningStatistics()
    {
        var rng = RandomFor("batch-norm-eval");
        int time = 4,
            channels = 2;
        int[] lengths = [4, 1, 3];
        float[] mean = [0.3f, -0.2f],
            variance = [0.8f, 1.7f];
        var x = RandomInput(rng, [lengths.Length, time, channels]);
        var w = RandomInput(rng, [channels]);
        var b = RandomInput(rng, [channels]);
        Check(
            "BatchNorm eval",
            rng,
            [x, w, b],
            t =>
                Ops.BatchNorm(
                    t[0],
                    lengths,
                    Tensor.FromArray(mean, channels),
                    Tensor.FromArray(variance, channels),
                    t[1],
                    t[2],
                    training: false
                ),
            v =>
                Reference(
                    v[0],
                    v[1],
                    v[2],
                    lengths,
                    time,
                    channels,
                    [.. mean.Select(m => (double)m)],
                    [.. variance.Select(s => (double)s)]
                )
        );
    }

    [Fact]
    public void TrainingNormalisesWithTheValidStepsAndMovesTheRunningStatistics()
    {
        // One channel, valid values 1, 2, 4 and padding 100: mean 7/3, biased variance 14/9, unbiased 7/3.
        using var x = Tensor.FromArray([1f, 2f, 100f, 4f, 100f, 100f], 2, 3, 1);
        using var w = Tensor.FromArray([2f], 1);
        using var b = Tensor.FromArray([0.5f], 1);
        using var runningMean = Tensor.FromArray([1f], 1);
        using var runningVariance = Tensor.FromArray([1f], 1);
        var y = Ops.BatchNorm(x, [2, 1], runningMean, runningVariance, w, b, training: true).ToArray();

        double deviation = Math.Sqrt(14.0 / 9 + Epsilon);
        double Normalized(double value) => (value - 7.0 / 3) / deviation * 2 + 0.5;
        double[] expected = [Normalized(1), Normalized(2), 0, Normalized(4), 0, 0];
        AssertClose("BatchNorm output", y.Select(v => (double)v).ToArray(), expected, 1e-6);
        Assert.Equal(0.9 * 1 + 0.1 * 7.0 / 3, runningMean.Item(), 5);
        Assert.Equal(0.9 * 1 + 0.1 * 7.0 / 3, runningVariance.Item(), 5);

        var evaluated = Ops.BatchNorm(x, [2, 1], runningMean, runningVariance, w, b, training: false).ToArray();
        double runningDeviation = Math.Sqrt(0.9 + 0.1 * 7.0 / 3 + Epsilon);
        Assert.Equal((4 - (0.9 + 0.1 * 7.0 / 3)) / runningDeviation * 2 + 0.5, evaluated[3], 4);
        Assert.Equal(0.9 * 1 + 0.1 * 7.0 / 3, runningMean.Item(), 5);
    }

    [Fact]
    public void TrainingOnASingleValidStepIsRefused()
    {
        using var x = Tensor.Zeros(2, 3, 4);
        using var w = Tensor.Zeros(4);
        using var b = Tensor.Zeros(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.BatchNorm(x, [1, 0], null, null, w, b, training: true));
        var e = Assert.Throws<BatchTooSmallException>(() =>
            Ops.BatchNorm(x.Slice(0, 1), [1], null, null, w, b, training: true)
        );
        Assert.Contains("more than one valid step", e.Message);
        Assert.Equal(1, e.ValidValues);
        Assert.Throws<ArgumentException>(() => Ops.BatchNorm(x, null, null, null, w, b, training: false));
        using var wrong = Tensor.Zeros(3);
        Assert.Throws<ShapeMismatchException>(() => Ops.BatchNorm(x, null, null, null, wrong, b, training: true));
    }
}
