using Recurrent.Losses;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Losses;

public class BinaryCrossEntropyWithLogitsTests
{
    [Fact]
    public void BinaryCrossEntropyWithLogitsMatchesCentralDifferences()
    {
        var rng = RandomFor("bce-with-logits");
        var logits = RandomInput(rng, [3, 4], -4, 4);
        var targets = RandomInput(rng, [3, 4], 0, 1);
        Check(
            "BinaryCrossEntropyWithLogits",
            rng,
            [logits, targets],
            t => Loss.BinaryCrossEntropyWithLogits(t[0], t[1]),
            x =>
                [
                    x[0]
                        .Zip(x[1], (z, y) =>
                        {
                            double p = 1 / (1 + Math.Exp(-z));
                            return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
                        })
                        .Average(),
                ]
        );
    }

    [Fact]
    public void LargeLogitsGiveAFiniteLoss()
    {
        using var loss = Loss.BinaryCrossEntropyWithLogits(
            Tensor.FromArray([100f, -100f, 100f], 3),
            Tensor.FromArray([0f, 1f, 1f], 3)
        );
        Assert.Equal(200f / 3, loss.Item(), 4);
    }
}
