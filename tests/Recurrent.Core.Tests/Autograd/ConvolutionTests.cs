using Recurrent.Autograd;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class ConvolutionTests
{
    // The direct loop: y[b, t, o] = bias[o] + sum over c, k of w[o, c, k] * x[b, t - (K-1)/2 + k, c], reading zero
    // outside the sequence's valid steps, and zero output past them.
    private static double[] Reference(
        double[] x,
        double[] w,
        double[]? bias,
        int[] lengths,
        int time,
        int inChannels,
        int outChannels,
        int kernel
    )
    {
        int left = (kernel - 1) / 2;
        var y = new double[lengths.Length * time * outChannels];
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < lengths[b]; t++)
                for (int o = 0; o < outChannels; o++)
                {
                    double sum = bias?[o] ?? 0;
                    for (int k = 0; k < kernel; k++)
                    {
                        int s = t - left + k;
                        if (s < 0 || s >= lengths[b])
                            continue;
                        for (int c = 0; c < inChannels; c++)
                            sum += w[(o * inChannels + c) * kernel + k] * x[(b * time + s) * inChannels + c];
                    }
                    y[(b * time + t) * outChannels + o] = sum;
                }
        return y;
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 1)]
    [InlineData(1, 2)]
    [InlineData(5, 3)]
    [InlineData(8, 2)]
    public void Conv1dMatchesCentralDifferencesWithUnequalLengths(int kernel, int inChannels)
    {
        var rng = RandomFor($"conv1d-{kernel}-{inChannels}");
        int time = 6,
            outChannels = 3;
        int[] lengths = [6, 2, 4, 1];
        var x = RandomInput(rng, [lengths.Length, time, inChannels]);
        var w = RandomInput(rng, [outChannels, inChannels, kernel]);
        var bias = RandomInput(rng, [outChannels]);
        Check(
            "Conv1d",
            rng,
            [x, w, bias],
            t => Ops.Conv1d(t[0], t[1], t[2], lengths),
            v => Reference(v[0], v[1], v[2], lengths, time, inChannels, outChannels, kernel)
        );
    }

    [Fact]
    public void Conv1dWithoutBiasOrLengthsUsesEveryStep()
    {
        var rng = RandomFor("conv1d-full");
        int batch = 2,
            time = 5,
            inChannels = 2,
            outChannels = 3,
            kernel = 3;
        var x = RandomInput(rng, [batch, time, inChannels]);
        var w = RandomInput(rng, [outChannels, inChannels, kernel]);
        int[] full = [time, time];
        Check(
            "Conv1d",
            rng,
            [x, w],
            t => Ops.Conv1d(t[0], t[1], null),
            v => Reference(v[0], v[1], null, full, time, inChannels, outChannels, kernel)
        );
    }

    [Fact]
    public void Conv1dForwardOfLargeBatchesMatchesTheDirectLoop()
    {
        // Big enough for the packed matrix product (and its threads), with a padded tail in most rows.
        var rng = RandomFor("conv1d-large");
        int time = 70,
            inChannels = 24,
            outChannels = 40,
            kernel = 5;
        int[] lengths = [70, 33, 1, 69, 50];
        var x = RandomInput(rng, [lengths.Length, time, inChannels]);
        var w = RandomInput(rng, [outChannels, inChannels, kernel], -0.2, 0.2);
        var bias = RandomInput(rng, [outChannels]);
        using var noGrad = Tape.NoGrad();
        using var y = Ops.Conv1d(
            Tensor.FromArray(x.Values, x.Shape),
            Tensor.FromArray(w.Values, w.Shape),
            Tensor.FromArray(bias.Values, bias.Shape),
            lengths
        );
        var expected = Reference(
            x.Values.Select(v => (double)v).ToArray(),
            w.Values.Select(v => (double)v).ToArray(),
            bias.Values.Select(v => (double)v).ToArray(),
            lengths,
            time,
            inChannels,
            outChannels,
            kernel
        );
        AssertClose("Conv1d forward", y.ToArray().Select(v => (double)v).ToArray(), expected, 1e-5);
    }

    [Fact]
    public void AnEvenKernelPadsOneStepMoreAtTheEndAsPyTorchDoes()
    {
        // torch.nn.functional.conv1d(x, w, padding="same") with K = 2 and 4 pads 0 and 1, then 1 and 2 steps.
        using var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 4, 1);
        using var two = Tensor.FromArray([1f, 10f], 1, 1, 2);
        using var four = Tensor.FromArray([1f, 10f, 100f, 1000f], 1, 1, 4);
        Assert.Equal([21f, 32f, 43f, 4f], Ops.Conv1d(x, two, null).ToArray());
        Assert.Equal([3210f, 4321f, 432f, 43f], Ops.Conv1d(x, four, null).ToArray());
    }

    [Fact]
    public void PaddingValuesNeverReachTheOutputOrTheGradient()
    {
        var rng = RandomFor("conv1d-padding");
        int[] lengths = [3, 5];
        var x = RandomInput(rng, [2, 5, 2]).Values;
        var w = Tensor.FromArray(RandomInput(rng, [4, 2, 5]).Values, 4, 2, 5);
        float[] Output(float[] values)
        {
            using var input = Tensor.FromArray((float[])values.Clone(), 2, 5, 2);
            input.RequiresGrad = true;
            using var tape = new Tape();
            var y = Ops.Conv1d(input, w, null, lengths);
            tape.Backward(y, Tensor.FromArray(Enumerable.Repeat(1f, y.Length).ToArray(), y.Shape.ToArray()));
            var grad = input.Grad!.ToArray();
            Assert.All(grad.Skip(3 * 2).Take(2 * 2), g => Assert.Equal(0f, g));
            return y.ToArray();
        }
        var clean = Output(x);
        var noisy = (float[])x.Clone();
        noisy.AsSpan(3 * 2, 2 * 2).Fill(1e4f);
        Assert.Equal(clean, Output(noisy));
        Assert.All(clean.Skip(3 * 4).Take(2 * 4), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void MismatchedShapesAndLengthsAreRefused()
    {
        using var x = Tensor.Zeros(2, 4, 3);
        using var w = Tensor.Zeros(5, 2, 3);
        var e = Assert.Throws<ShapeMismatchException>(() => Ops.Conv1d(x, w, null));
        Assert.Contains("[2, 4, 3]", e.Message);
        using var good = Tensor.Zeros(5, 3, 3);
        using var bias = Tensor.Zeros(4);
        Assert.Throws<ShapeMismatchException>(() => Ops.Conv1d(x, good, bias));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Conv1d(x, good, null, [4, 5]));
        Assert.Throws<ShapeMismatchException>(() => Ops.Conv1d(x, good, null, [4]));
    }
}
