using Recurrent.Autograd;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Autograd;

public class EmbeddingTests
{
    [Fact]
    public void EmbeddingMatchesCentralDifferencesWithRepeatedIndices()
    {
        var rng = RandomFor("embedding");
        int v = 5,
            d = 3;
        int[] indices = [4, 0, 2, 4, 1, 4, 0, 3];
        var weight = RandomInput(rng, [v, d]);
        Check(
            "Embedding",
            rng,
            [weight],
            t => Ops.Embedding(t[0], indices, [2, 4]),
            w => indices.SelectMany(i => w[0].Skip(i * d).Take(d)).ToArray()
        );
    }

    [Fact]
    public void OutputHasTheIndexShapeWithTheVectorAppended()
    {
        using var y = Ops.Embedding(Tensor.Zeros(5, 3), [1, 2, 3, 4, 0, 1], [2, 3]);
        Assert.Equal([2, 3, 3], y.Shape.ToArray());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-1)]
    public void IndexOutsideTheVocabularyNamesTheIndexAndV(int bad)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Embedding(Tensor.Zeros(5, 3), [0, bad], [2]));
        Assert.Contains($"index {bad}", e.Message);
        Assert.Contains("V = 5", e.Message);
    }
}
