using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Tests.Autograd;

public class ShapeMismatchTests
{
    private static Tensor Input(params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        t.RequiresGrad = true;
        return t;
    }

    [Theory]
    [InlineData("Add", "[2, 3]", "[2]")]
    [InlineData("Multiply", "[2, 3]", "[3, 2]")]
    [InlineData("Concat", "[2, 3]", "[4, 1]")]
    [InlineData("Embedding", "[3]", "[2, 2]")]
    [InlineData("CrossEntropy", "[4, 5]", "[3]")]
    [InlineData("MeanSquaredError", "[2, 3]", "[6]")]
    [InlineData("BinaryCrossEntropyWithLogits", "[4]", "[4, 1]")]
    [InlineData("Linear", "[2, 5]", "[3, 4]")]
    public void MismatchNamesTheOpAndBothShapesBeforeRecordingAnything(string op, string first, string second)
    {
        var linear = new Linear(4, 3, new RandomGenerator(1));
        using var tape = new Tape();
        Action run = op switch
        {
            "Add" => () => Ops.Add(Input(2, 3), Input(2)),
            "Multiply" => () => Ops.Multiply(Input(2, 3), Input(3, 2)),
            "Concat" => () => Ops.Concat(Input(2, 3), Input(4, 1)),
            "Embedding" => () => Ops.Embedding(Input(5, 4), [0, 1, 2], [2, 2]),
            "CrossEntropy" => () => Loss.CrossEntropy(Input(4, 5), [0, 1, 2]),
            "MeanSquaredError" => () => Loss.MeanSquaredError(Input(2, 3), Input(6)),
            "BinaryCrossEntropyWithLogits" => () => Loss.BinaryCrossEntropyWithLogits(Input(4), Input(4, 1)),
            "Linear" => () => linear.Forward(Input(2, 5)),
            _ => throw new ArgumentException(op),
        };
        var e = Assert.Throws<ShapeMismatchException>(run);
        Assert.Contains(op, e.Message);
        Assert.Contains(first, e.Message);
        Assert.Contains(second, e.Message);
        Assert.Equal(0, tape.Count);
    }
}
