using Recurrent.Autograd;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class DropoutTests
{
    [Fact]
    public void DropoutMatchesCentralDifferences()
    {
        var rng = RandomFor("dropout");
        const float p = 0.3f;
        ulong seed = (ulong)rng.NextInt64();
        var x = RandomInput(rng, [4, 5]);
        Check(
            "Dropout",
            rng,
            [x],
            t => Ops.Dropout(t[0], p, new RandomGenerator(seed)),
            v =>
            {
                var masks = new RandomGenerator(seed);
                return v[0].Select(z => masks.NextFloat() < p ? 0 : z / (1 - p)).ToArray();
            }
        );
    }

    [Fact]
    public void DropsAboutAFractionPAndScalesTheSurvivors()
    {
        const int n = 20000;
        const float p = 0.25f;
        using var x = Tensor.FromArray(Enumerable.Repeat(1f, n).ToArray(), n);
        using var y = Ops.Dropout(x, p, new RandomGenerator((ulong)Seed));
        var values = y.ToArray();
        double dropped = values.Count(v => v == 0f) / (double)n;
        Assert.InRange(dropped, p - 0.02, p + 0.02);
        Assert.All(values.Where(v => v != 0f), v => Assert.Equal(1f / (1f - p), v, 6));
    }

    [Fact]
    public void ZeroProbabilityIsTheIdentity()
    {
        var x = Tensor.Zeros(3);
        Assert.Same(x, Ops.Dropout(x, 0f, new RandomGenerator(1)));
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void ProbabilityOutsideZeroToOneThrows(float p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Dropout(Tensor.Zeros(3), p, new RandomGenerator(1)));
    }
}
