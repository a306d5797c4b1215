using Recurrent.Autograd;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class ArithmeticTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void AddOfEqualShapesMatchesCentralDifferences(bool aNeedsGrad, bool bNeedsGrad)
    {
        var rng = RandomFor($"add{aNeedsGrad}{bNeedsGrad}");
        var a = RandomInput(rng, [3, 4], requiresGrad: aNeedsGrad);
        var b = RandomInput(rng, [3, 4], requiresGrad: bNeedsGrad);
        Check("Add", rng, [a, b], t => Ops.Add(t[0], t[1]), x => x[0].Zip(x[1], (p, q) => p + q).ToArray());
    }

    [Fact]
    public void AddOfBroadcastBiasMatchesCentralDifferences()
    {
        var rng = RandomFor("add-bias");
        int rows = 2 * 3,
            n = 4;
        var a = RandomInput(rng, [2, 3, n]);
        var b = RandomInput(rng, [n]);
        Check(
            "Add (bias)",
            rng,
            [a, b],
            t => Ops.Add(t[0], t[1]),
            x =>
            {
                var c = new double[rows * n];
                for (int r = 0; r < rows; r++)
                    for (int j = 0; j < n; j++)
                        c[r * n + j] = x[0][r * n + j] + x[1][j];
                return c;
            }
        );
    }

    [Fact]
    public void MultiplyMatchesCentralDifferences()
    {
        var rng = RandomFor("multiply");
        var a = RandomInput(rng, [3, 5]);
        var b = RandomInput(rng, [3, 5]);
        Check("Multiply", rng, [a, b], t => Ops.Multiply(t[0], t[1]), x => x[0].Zip(x[1], (p, q) => p * q).ToArray());
    }

    [Fact]
    public void UsingOneTensorTwiceAccumulatesBothGradients()
    {
        var rng = RandomFor("square");
        var a = RandomInput(rng, [7]);
        Check("Multiply (x, x)", rng, [a], t => Ops.Multiply(t[0], t[0]), x => x[0].Select(v => v * v).ToArray());
        Check("Add (x, x)", rng, [a], t => Ops.Add(t[0], t[0]), x => x[0].Select(v => 2 * v).ToArray());
    }
}
