using Recurrent.Autograd;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class LogSoftmaxTests
{
    [Fact]
    public void LogSoftmaxMatchesCentralDifferences()
    {
        var rng = RandomFor("log-softmax");
        int n = 6;
        var x = RandomInput(rng, [2, 3, n], -3, 3);
        Check(
            "LogSoftmax",
            rng,
            [x],
            t => Ops.LogSoftmax(t[0]),
            v =>
                v[0]
                    .Chunk(n)
                    .SelectMany(row =>
                    {
                        double max = row.Max();
                        double lse = max + Math.Log(row.Sum(z => Math.Exp(z - max)));
                        return row.Select(z => z - lse);
                    })
                    .ToArray()
        );
    }

    [Fact]
    public void LargeLogitsStayFinite()
    {
        using var y = Ops.LogSoftmax(Tensor.FromArray([1000f, 0f, -1000f], 3));
        Assert.Equal([0f, -1000f, -2000f], y.ToArray());
    }
}
