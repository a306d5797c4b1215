using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Layers;

public class LinearTests
{
    [Fact]
    public void ParametersHavePyTorchNamesShapesAndInitialRange()
    {
        var linear = new Linear(16, 5, new RandomGenerator((ulong)Seed));
        Assert.Equal(["weight", "bias"], linear.NamedParameters().Select(p => p.Name));
        Assert.Equal([5, 16], linear.Weight.Shape.ToArray());
        Assert.Equal([5], linear.Bias!.Shape.ToArray());
        Assert.All(linear.Parameters(), p => Assert.True(p.RequiresGrad));
        var weights = linear.Weight.ToArray();
        Assert.All(weights.Concat(linear.Bias.ToArray()), w => Assert.InRange(w, -0.25f, 0.25f));
        Assert.True(
            weights.Max() > 0.15f && weights.Min() < -0.15f,
            $"weights not spread over [-0.25, 0.25) (seed {Seed})"
        );
        Assert.Equal(85, linear.ParameterCount);
    }

    [Fact]
    public void WithoutBiasOnlyTheWeightIsAParameter()
    {
        var linear = new Linear(3, 2, new RandomGenerator(1), bias: false);
        Assert.Equal(["weight"], linear.NamedParameters().Select(p => p.Name));
        Assert.Null(linear.Bias);
    }

    [Fact]
    public void ForwardAndBackwardMatchAPlainComputation()
    {
        var rng = RandomFor("linear");
        int inFeatures = 4,
            outFeatures = 3,
            rows = 2 * 5;
        var linear = new Linear(inFeatures, outFeatures, new RandomGenerator((ulong)rng.NextInt64()));
        var xInput = RandomInput(rng, [2, 5, inFeatures]);
        var x = Tensor.FromArray(xInput.Values, xInput.Shape);
        var w = linear.Weight.ToArray();
        var b = linear.Bias!.ToArray();
        var seed = Enumerable.Range(0, rows * outFeatures).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();

        using var tape = new Tape();
        var y = linear.Forward(x);
        Assert.Equal([2, 5, outFeatures], y.Shape.ToArray());
        tape.Backward(y, Tensor.FromArray(seed, y.Shape.ToArray()));

        var expectedY = new double[rows * outFeatures];
        var expectedDw = new double[outFeatures * inFeatures];
        var expectedDb = new double[outFeatures];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outFeatures; o++)
            {
                expectedY[r * outFeatures + o] = b[o];
                for (int i = 0; i < inFeatures; i++)
                {
                    expectedY[r * outFeatures + o] += (double)x.Span[r * inFeatures + i] * w[o * inFeatures + i];
                    expectedDw[o * inFeatures + i] += (double)seed[r * outFeatures + o] * x.Span[r * inFeatures + i];
                }
                expectedDb[o] += seed[r * outFeatures + o];
            }
        AssertClose("Linear forward", ToDouble(y), expectedY, 1e-5);
        AssertClose("Linear weight gradient", ToDouble(linear.Weight.Grad!), expectedDw, 1e-5);
        AssertClose("Linear bias gradient", ToDouble(linear.Bias.Grad!), expectedDb, 1e-5);
    }

    private static double[] ToDouble(Tensor t) => t.ToArray().Select(v => (double)v).ToArray();
}
