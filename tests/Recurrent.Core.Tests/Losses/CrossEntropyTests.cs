using Recurrent.Losses;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Losses;

public class CrossEntropyTests
{
    // The plain double-precision cross-entropy: a weighted mean of -log_softmax(x)[target] over the rows kept.
    private static double[] Reference(double[] logits, int c, int[] targets, int ignoreIndex, float[]? mask)
    {
        double sum = 0,
            total = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            double w = targets[i] == ignoreIndex ? 0 : mask?[i] ?? 1;
            if (w == 0)
                continue;
            var row = logits.Skip(i * c).Take(c).ToArray();
            double max = row.Max();
            double lse = max + Math.Log(row.Sum(z => Math.Exp(z - max)));
            sum += w * (lse - row[targets[i]]);
            total += w;
        }
        return [total == 0 ? 0 : sum / total];
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("ignore-index")]
    [InlineData("mask")]
    [InlineData("padding-index-and-mask")]
    [InlineData("sequence-logits")]
    public void CrossEntropyMatchesCentralDifferences(string variant)
    {
        var rng = RandomFor($"cross-entropy-{variant}");
        int n = 8,
            c = 5;
        int ignoreIndex = variant == "padding-index-and-mask" ? 0 : -100;
        var targets = Enumerable.Range(0, n).Select(_ => rng.Next(c)).ToArray();
        if (variant is "ignore-index" or "sequence-logits")
        {
            targets[1] = ignoreIndex;
            targets[6] = ignoreIndex;
        }
        float[]? mask = null;
        if (variant is "mask" or "padding-index-and-mask")
        {
            mask = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
            mask[2] = 0f;
            mask[5] = 0f;
        }
        if (variant == "padding-index-and-mask")
        {
            targets[3] = 0;
            targets[4] = 1;
        }
        int[] shape = variant == "sequence-logits" ? [2, 4, c] : [n, c];
        var logits = RandomInput(rng, shape, -3, 3);
        Check(
            $"CrossEntropy ({variant})",
            rng,
            [logits],
            t => Loss.CrossEntropy(t[0], targets, ignoreIndex, mask),
            x => Reference(x[0], c, targets, ignoreIndex, mask)
        );
    }

    // Enough rows for the loss to be split across threads in blocks: the same loss and gradient as row by row.
    [Fact]
    public void ManyRowsGiveTheReferenceLossAndGradient()
    {
        var rng = RandomFor("cross-entropy-many-rows");
        int n = 5003,
            c = 65;
        var targets = Enumerable.Range(0, n).Select(i => i % 97 == 0 ? -100 : rng.Next(c)).ToArray();
        var mask = Enumerable.Range(0, n).Select(i => i % 13 == 0 ? 0f : (float)rng.NextDouble()).ToArray();
        var values = Enumerable.Range(0, n * c).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
        var logits = Tensor.FromArray(values, n, c);
        logits.RequiresGrad = true;
        using var tape = new Recurrent.Autograd.Tape();
        var loss = Loss.CrossEntropy(logits, targets, mask: mask);
        tape.Backward(loss);

        var asDouble = values.Select(v => (double)v).ToArray();
        double expected = Reference(asDouble, c, targets, -100, mask)[0];
        Assert.Equal(expected, loss.Item(), 1e-5 * Math.Abs(expected));
        double total = Enumerable.Range(0, n).Sum(i => targets[i] == -100 ? 0 : (double)mask[i]);
        var grad = logits.Grad!.ToArray();
        for (int i = 0; i < n; i += 7)
        {
            double w = targets[i] == -100 ? 0 : mask[i] / total;
            var row = asDouble.Skip(i * c).Take(c).ToArray();
            double max = row.Max(),
                sum = row.Sum(z => Math.Exp(z - max));
            for (int j = 0; j < c; j++)
            {
                double g = w * (Math.Exp(row[j] - max) / sum - (j == targets[i] ? 1 : 0));
                Assert.Equal(g, grad[i * c + j], 1e-6);
            }
        }
    }

    [Fact]
    public void LargeLogitsGiveAFiniteLossAndGradient()
    {
        var logits = Tensor.FromArray([1000f, 0f, -1000f, -1000f, 1000f, 0f], 2, 3);
        logits.RequiresGrad = true;
        using var tape = new Recurrent.Autograd.Tape();
        var loss = Loss.CrossEntropy(logits, [0, 2]);
        Assert.Equal(500f, loss.Item());
        tape.Backward(loss);
        Assert.Equal([0f, 0f, 0f, 0f, 0.5f, -0.5f], logits.Grad!.ToArray());
    }

    [Fact]
    public void EveryRowIgnoredGivesZeroLossAndZeroGradient()
    {
        var logits = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        logits.RequiresGrad = true;
        using var tape = new Recurrent.Autograd.Tape();
        var loss = Loss.CrossEntropy(logits, [-100, 1], mask: [1f, 0f]);
        Assert.Equal(0f, loss.Item());
        tape.Backward(loss);
        Assert.All(logits.Grad!.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void TargetOutsideTheClassesNamesTheTargetAndC()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Loss.CrossEntropy(Tensor.Zeros(2, 3), [0, 3]));
        Assert.Contains("target 3", e.Message);
        Assert.Contains("C = 3", e.Message);
    }

    [Fact]
    public void MaskOfTheWrongLengthNamesBothShapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Loss.CrossEntropy(Tensor.Zeros(2, 3), [0, 1], mask: [1f]));
        Assert.Contains("CrossEntropy", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("mask [1]", e.Message);
    }
}
