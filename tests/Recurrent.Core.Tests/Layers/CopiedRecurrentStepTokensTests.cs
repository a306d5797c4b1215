using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

public class CopiedRecurrentStepTokensTests
{
    public static TheoryData<CellKind> Cells() => new() { CellKind.Lstm, CellKind.Gru, CellKind.Rnn };

    [Theory]
    [MemberData(nameof(Cells))]
    public void StepsOnTokensAsTheLayerStepsOnTheirEmbeddingRows(CellKind kind)
    {
        int vocabulary = 7,
            inputs = 5,
            hidden = 20;
        int[][] tokens = [[3, 0, 6], [6, 6, 1], [0, 2, 5], [4, 3, 3]];
        var embedding = new Embedding(vocabulary, inputs, new RandomGenerator(2));
        var layer = RecurrentLayer.Create(kind, inputs, hidden, numLayers: 2, rng: new RandomGenerator(11));
        var copied = CopiedRecurrentStep.Panels(layer, embedding);
        int batch = tokens[0].Length;
        using var layerState = layer.ZeroState(batch);
        using var tokenState = layer.ZeroState(batch);
        var x = Tensor.Zeros(batch, inputs);
        var layerOutput = Tensor.Zeros(batch, hidden);
        var tokenOutput = Tensor.Zeros(batch, hidden);
        foreach (var step in tokens)
        {
            for (int b = 0; b < batch; b++)
                embedding.Weight.Span.Slice(step[b] * inputs, inputs).CopyTo(x.Span.Slice(b * inputs, inputs));
            layer.Step(x, layerState, layerOutput);
            copied.Step(step, tokenState, tokenOutput);

            Assert.Equal(layerOutput.ToArray(), tokenOutput.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
        }
        Assert.Equal(layerState.H.ToArray(), tokenState.H.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void TheInt8StepOnTokensKeepsTheFirstLayersInputGatesInFloat()
    {
        // With one layer the only int8 weights are W_hh, which a first step from a zero state multiplies by zero:
        // the step on a token is then the float layer's, where the step on its embedding row rounds W_ih.
        var embedding = new Embedding(4, 6, new RandomGenerator(5));
        var layer = new LstmLayer(6, 16, rng: new RandomGenerator(6));
        var int8 = CopiedRecurrentStep.Int8(layer, embedding);
        using var layerState = layer.ZeroState(1);
        using var tokenState = layer.ZeroState(1);
        var x = Tensor.Zeros(1, 6);
        var layerOutput = Tensor.Zeros(1, 16);
        var tokenOutput = Tensor.Zeros(1, 16);
        embedding.Weight.Span.Slice(2 * 6, 6).CopyTo(x.Span);

        layer.Step(x, layerState, layerOutput);
        int8.Step([2], tokenState, tokenOutput);

        Assert.Equal(layerOutput.ToArray(), tokenOutput.ToArray(), (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void StepOnATokenAllocatesNothing()
    {
        var layer = new LstmLayer(16, 64, numLayers: 2, rng: new RandomGenerator(3));
        var copied = CopiedRecurrentStep.Panels(layer, new Embedding(10, 16, new RandomGenerator(4)));
        using var state = layer.ZeroState(1);
        var y = Tensor.Zeros(1, 64);
        copied.Step([1], state, y);

        Assert.Equal(
            0,
            ThreadAllocations.Fewest(() =>
            {
                for (int i = 0; i < 100; i++)
                    copied.Step([i % 10], state, y);
            })
        );
    }

    [Fact]
    public void BadTokensAndEmbeddingsGetClearErrors()
    {
        var layer = new GruLayer(8, 12, rng: new RandomGenerator(1));
        using var state = layer.ZeroState(1);
        var y = Tensor.Zeros(1, 12);

        var noTable = Assert.Throws<InvalidOperationException>(() =>
            CopiedRecurrentStep.Panels(layer).Step([0], state, y)
        );
        Assert.Contains("embedding", noTable.Message);
        var copied = CopiedRecurrentStep.Panels(layer, new Embedding(5, 8, new RandomGenerator(2)));
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => copied.Step([5], state, y));
        Assert.Contains("Token 5 is outside the embedding's 5 rows", outside.Message);
        var twoTokens = Assert.Throws<ShapeMismatchException>(() => copied.Step([0, 1], state, y));
        Assert.Contains("[1, 2, 12]", twoTokens.Message);
        var narrow = Assert.Throws<ShapeMismatchException>(() =>
            CopiedRecurrentStep.Int8(layer, new Embedding(5, 7, new RandomGenerator(2)))
        );
        Assert.Contains("the first layer's input size, 8", narrow.Message);
    }
}
