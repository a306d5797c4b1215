using Recurrent.Autograd;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class SequencePoolingTests
{
    [Fact]
    public void SelectStepsMatchesCentralDifferences()
    {
        var rng = RandomFor("select-steps");
        int batch = 3,
            time = 4,
            width = 5;
        int[] steps = [3, 0, 2];
        var x = RandomInput(rng, [batch, time, width]);
        Check(
            "SelectSteps",
            rng,
            [x],
            t => Ops.SelectSteps(t[0], steps),
            v =>
                Enumerable
                    .Range(0, batch)
                    .SelectMany(b => v[0].Skip((b * time + steps[b]) * width).Take(width))
                    .ToArray()
        );
    }

    [Fact]
    public void MeanOverStepsMatchesCentralDifferencesAndIgnoresPadding()
    {
        var rng = RandomFor("mean-over-steps");
        int batch = 3,
            time = 4,
            width = 2;
        int[] lengths = [4, 1, 3];
        var x = RandomInput(rng, [batch, time, width]);
        Check(
            "MeanOverSteps",
            rng,
            [x],
            t => Ops.MeanOverSteps(t[0], lengths),
            v =>
            {
                var y = new double[batch * width];
                for (int b = 0; b < batch; b++)
                    for (int t = 0; t < lengths[b]; t++)
                        for (int n = 0; n < width; n++)
                            y[b * width + n] += v[0][(b * time + t) * width + n] / lengths[b];
                return y;
            }
        );
    }

    [Fact]
    public void StepsOutsideTheSequenceAreRefused()
    {
        using var x = Recurrent.Tensors.Tensor.Zeros(2, 3, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.SelectSteps(x, [0, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.MeanOverSteps(x, [0, 2]));
        Assert.Throws<Recurrent.Tensors.ShapeMismatchException>(() => Ops.MeanOverSteps(x, [1]));
    }
}
