using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

public class DropoutLayerTests
{
    [Fact]
    public void EvaluationModePassesTheInputThrough()
    {
        var dropout = new Dropout(0.5f, new RandomGenerator(3));
        var x = Tensor.FromArray(Enumerable.Repeat(1f, 64).ToArray(), 64);
        dropout.Eval();
        Assert.Same(x, dropout.Forward(x));
        dropout.Train();
        using var y = dropout.Forward(x);
        Assert.Contains(0f, y.ToArray());
        Assert.Contains(2f, y.ToArray());
    }

    [Fact]
    public void HasNoParametersAndRejectsABadProbability()
    {
        Assert.Empty(new Dropout(0.1f, new RandomGenerator(1)).NamedParameters());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1f, new RandomGenerator(1)));
    }
}
