using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class SelectTests
{
    [Fact]
    public void SelectMatchesCentralDifferences()
    {
        var rng = RandomFor("select");
        int entries = 3,
            rows = 2,
            width = 4;
        var x = RandomInput(rng, [entries, rows, width]);
        Check("Select", rng, [x], t => Ops.Select(t[0], 1), v => v[0].Skip(rows * width).Take(rows * width).ToArray());
    }

    [Fact]
    public void TheLastLayersFinalStateCarriesTheGradientIntoTheLayer()
    {
        var layer = new LstmLayer(3, 4, numLayers: 2, rng: new RandomGenerator(2));
        var x = Tensor.Zeros(2, 5, 3);
        new RandomGenerator(3).FillUniform(x.Span, -1f, 1f);
        using var tape = new Tape();
        var (_, state) = layer.Forward(x);
        tape.Backward(Ops.Sum(Ops.Select(state.H, 1)));

        foreach (var parameter in layer.Parameters())
            Assert.True(parameter.Grad is not null && parameter.Grad.Span.ToArray().Any(g => g != 0f));
    }

    [Fact]
    public void AnIndexOutsideTheFirstAxisIsRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Select(Tensor.Zeros(2, 3), 2));
        Assert.Contains("index 2 is outside the first axis of x [2, 3]", e.Message);
    }
}
