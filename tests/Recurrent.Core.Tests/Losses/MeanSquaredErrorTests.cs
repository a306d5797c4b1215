using Recurrent.Losses;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Losses;

public class MeanSquaredErrorTests
{
    [Fact]
    public void MeanSquaredErrorMatchesCentralDifferences()
    {
        var rng = RandomFor("mse");
        var prediction = RandomInput(rng, [3, 4]);
        var target = RandomInput(rng, [3, 4]);
        Check(
            "MeanSquaredError",
            rng,
            [prediction, target],
            t => Loss.MeanSquaredError(t[0], t[1]),
            x => [x[0].Zip(x[1], (p, q) => (p - q) * (p - q)).Average()]
        );
    }
}
