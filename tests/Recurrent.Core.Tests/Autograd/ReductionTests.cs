using Recurrent.Autograd;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class ReductionTests
{
    [Fact]
    public void SumMatchesCentralDifferences()
    {
        var rng = RandomFor("sum");
        var x = RandomInput(rng, [3, 4, 2]);
        Check("Sum", rng, [x], t => Ops.Sum(t[0]), v => [v[0].Sum()]);
    }

    [Fact]
    public void MeanMatchesCentralDifferences()
    {
        var rng = RandomFor("mean");
        var x = RandomInput(rng, [3, 4, 2]);
        Check("Mean", rng, [x], t => Ops.Mean(t[0]), v => [v[0].Average()]);
    }

    [Fact]
    public void SumLastMatchesCentralDifferences()
    {
        var rng = RandomFor("sum-last");
        var x = RandomInput(rng, [2, 3, 5]);
        Check("SumLast", rng, [x], t => Ops.SumLast(t[0]), v => v[0].Chunk(5).Select(row => row.Sum()).ToArray());
    }

    [Fact]
    public void MeanLastMatchesCentralDifferences()
    {
        var rng = RandomFor("mean-last");
        var x = RandomInput(rng, [2, 3, 5]);
        Check("MeanLast", rng, [x], t => Ops.MeanLast(t[0]), v => v[0].Chunk(5).Select(row => row.Average()).ToArray());
    }

    [Fact]
    public void ReductionsHaveTheShapesPyTorchGives()
    {
        using var x = Recurrent.Tensors.Tensor.Zeros(2, 3, 5);
        using var sum = Ops.Sum(x);
        using var meanLast = Ops.MeanLast(x);
        Assert.Empty(sum.Shape.ToArray());
        Assert.Equal([2, 3], meanLast.Shape.ToArray());
    }
}
