using Recurrent.Layers;
using Recurrent.Tensors;
using static Recurrent.Tests.GradientCheck;

namespace Recurrent.Tests.Layers;

public class EmbeddingLayerTests
{
    [Fact]
    public void WeightIsNamedLikePyTorchAndStartsStandardNormal()
    {
        var embedding = new Embedding(100, 50, new RandomGenerator((ulong)Seed));
        Assert.Equal(["weight"], embedding.NamedParameters().Select(p => p.Name));
        Assert.Equal([100, 50], embedding.Weight.Shape.ToArray());
        Assert.Equal(100, embedding.NumEmbeddings);
        Assert.Equal(50, embedding.EmbeddingDim);
        var w = embedding.Weight.ToArray();
        double mean = w.Average();
        double std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
        Assert.True(Math.Abs(mean) < 0.1 && Math.Abs(std - 1) < 0.1, $"mean {mean}, std {std} (seed {Seed})");
    }

    [Fact]
    public void ForwardReturnsTheRowsOfTheIndices()
    {
        var embedding = new Embedding(6, 3, new RandomGenerator(7));
        using var y = embedding.Forward([5, 0, 5], [3]);
        var w = embedding.Weight;
        Assert.Equal(w[5].ToArray().Concat(w[0].ToArray()).Concat(w[5].ToArray()), y.ToArray());
    }
}
